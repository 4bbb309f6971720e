import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

// Every block of the README preceded by <!-- first-use: FILE --> is written to FILE, byte for byte.
String text = new File(readme).getText('UTF-8')
def blocks = (text =~ /(?s)<!-- first-use: (\S+) -->\n```\w*\n(.*?)```/).collect { [it[1], it[2]] }
assert blocks*.get(0) == ['src/main/java/com/example/LeNet5.java', 'pom.xml', '.mvn/jvm.config'] :
    "README.md should mark the example class and the pom with <!-- first-use: FILE -->, found ${blocks*.get(0)}"
blocks.each { name, content ->
  File file = new File(basedir, name)
  file.parentFile.mkdirs()
  file.setText(content, 'UTF-8')
}
String pom = new File(basedir, 'pom.xml').text
assert pom.contains("<fovea.version>${foveaVersion}</fovea.version>") :
    "the README's pom should name this build's version ${foveaVersion} in <fovea.version>"

// The data the README says to copy: fovea.data is data/fashion-mnist-slice.
Path from = Path.of(exampleProject, 'data/fashion-mnist-slice')
Path to = basedir.toPath().resolve('data/fashion-mnist-slice')
Files.createDirectories(to)
from.toFile().eachFile { Files.copy(it.toPath(), to.resolve(it.name), StandardCopyOption.REPLACE_EXISTING) }
return true
