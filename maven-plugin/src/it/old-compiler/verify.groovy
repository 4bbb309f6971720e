String log = new File(basedir, 'build.log').text
def errors = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal dev.fovea:fovea-maven-plugin') }
assert errors.size() == 1 : log
assert errors[0].contains('the Fovea processor did not run because maven-compiler-plugin 3.1 ignores '
    + 'annotationProcessorPaths (it needs 3.5 or newer): use a newer maven-compiler-plugin, e.g. 3.13.0') : errors[0]
assert !(log =~ /(?m)^\s+at /)
return true
