import java.util.jar.JarFile

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 2
assert runs[0].contains('no trained weights for Tiny: ') && !(runs[0] =~ /(?m)^\s+at /)
assert runs[1].contains('Exporting Tiny (target/fovea/Tiny.safetensors) to target/fovea/export')

File jar = new File(basedir, 'target/fovea/export/tiny-classifier.jar')
assert jar.isFile()
new JarFile(jar).withCloseable { assert it.manifest.mainAttributes.getValue('Main-Class')?.startsWith('demo.export.') }
def sources = new File(basedir, 'target/fovea/export/demo/export').listFiles().findAll { it.name.endsWith('.java') }
assert sources.size() == 1
String source = sources[0].text
assert source.contains('package demo.export;') && !source.contains('import dev.fovea')
return true
