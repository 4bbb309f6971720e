String log = new File(basedir, 'build.log').text
['summary', 'train', 'evaluate'].each { assert log.contains("Skipping fovea:$it (fovea.skip)") }
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/fovea').exists()
return true
