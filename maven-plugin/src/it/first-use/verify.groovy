def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 2 && runs.every { it.contains('BUILD SUCCESS') }
String log = runs[0]
assert log.contains('Network com.example.LeNet5 (com.example.LeNet5Net), input 1x28x28:')
assert log.contains('vector backend')
assert log.contains('Wrote target/fovea/LeNet5.safetensors and target/fovea/LeNet5.json')
assert log.contains('Quality gate passed: accuracy ')
// The HTML report that train and evaluate write at their end.
assert log.contains('Wrote the report ')
assert new File(basedir, 'target/fovea/LeNet5.html').isFile()

File jar = new File(basedir, 'target/fovea/export/lenet5-classifier.jar')
assert jar.isFile()
File sample = new File(exampleProject, 'data/samples/ankle-boot.png')
String java = new File(System.getProperty('java.home'), 'bin/java').path
Process run = [java, '-jar', jar.path, '--top', '3', sample.path].execute()
String out = run.inputStream.text
assert run.waitFor() == 0 : run.errorStream.text
assert out.startsWith(sample.path + ': ') && out.count(', ') == 2 : out

// fovea:help -Ddetail: the plugin's own descriptor (PluginDescriptorTest checks every parameter is described).
String help = runs[1]
['evaluate', 'export', 'help', 'summary', 'train'].each { assert help.contains("fovea:${it}\n") : it }
assert help.contains('epochs (Default: 5)\n      Passes over the training data.')
assert help.contains('invert (Default: false)')
return true
