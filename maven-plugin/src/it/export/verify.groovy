import java.util.jar.JarFile

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 2
assert runs[0].contains('no trained weights for Tiny: ') && !(runs[0] =~ /(?m)^\s+at /)
assert runs[1].contains('Exporting Tiny (target/fovea/Tiny.safetensors) to target/fovea/export')

File jar = new File(basedir, 'target/fovea/export/tiny-classifier.jar')
assert jar.isFile()
new JarFile(jar).withCloseable { assert it.manifest.mainAttributes.getValue('Main-Class')?.startsWith('demo.export.') }
def sources = new File(basedir, 'target/fovea/export/demo/export').listFiles().findAll { it.name.endsWith('.java') }
assert sources*.name.sort() == ['TinyClassifier.java', 'TinyClassifierVector.java']
sources.each { assert it.text.contains('package demo.export;') && !it.text.contains('import dev.fovea') }
// Only the optional vector pass names the Vector API; the classifier's own source compiles without it.
sources.each { assert it.text.contains('jdk.incubator.vector.') == (it.name == 'TinyClassifierVector.java') }
new JarFile(jar).withCloseable { assert it.getEntry('demo/export/TinyClassifierVector.class') != null }

// Without the Vector API module the portable pass runs, with it (forced, whatever the machine) the vector one.
String java = new File(System.getProperty('java.home'), 'bin/java').path
Process portable = [java, '-jar', jar.path, '--backend'].execute()
String portableOut = portable.inputStream.text
String portableErr = portable.errorStream.text
assert portable.waitFor() == 0 && portableErr.isEmpty() : portableErr
assert portableOut.startsWith('backend: portable (this JVM has no jdk.incubator.vector') : portableOut
Process vector = [java, '--add-modules', 'jdk.incubator.vector', '-Dfovea.backend=vector', '-jar', jar.path,
    '--backend'].execute()
String vectorOut = vector.inputStream.text
assert vector.waitFor() == 0 : vector.errorStream.text
assert vectorOut.startsWith('backend: vector (jdk.incubator.vector, ') : vectorOut
return true
