String log = new File(basedir, 'build.log').text
assert log.contains('Wrote target/fovea/Tiny.safetensors')
assert log =~ /\[ERROR\] Failed to execute goal dev\.fovea:fovea-maven-plugin:\S+:evaluate \(default-cli\) on project gate-fails: accuracy \d+\.\d\d % of Tiny on tiny-csv\/test is below the minimum 99\.00 % \(minAccuracy\)/
// One message, no stack trace.
assert !(log =~ /(?m)^\s+at /)
return true
