String log = new File(basedir, 'build.log').text
assert log.contains('Attached target/fovea/export/tiny-classifier.jar as dev.fovea.it:model:jar:tiny-classifier:1')
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'app/target/classes/app/App.class').isFile()
File installed = new File(localRepositoryPath, 'dev/fovea/it/model/1/model-1-tiny-classifier.jar')
assert installed.isFile() && installed.length() == new File(basedir, 'model/target/fovea/export/tiny-classifier.jar').length()
return true
