String log = new File(basedir, 'build.log').text
def errors = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal dev.fovea:fovea-maven-plugin') }
assert errors.size() == 1 : log
assert errors[0].contains('the Fovea processor did not run because dev.fovea:fovea-processor is not on '
    + "maven-compiler-plugin's annotationProcessorPaths: add it there") : errors[0]
assert !(log =~ /(?m)^\s+at /)
return true
