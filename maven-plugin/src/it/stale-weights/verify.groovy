// build.log holds the four runs of invoker.properties one after the other.
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 4

def failsWith = { String run, String message ->
  def errors = run.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal dev.fovea:fovea-maven-plugin') }
  assert errors.size() == 1 : run
  assert errors[0].contains(message) : errors[0]
  assert !(run =~ /(?m)^\s+at /) : 'stack trace in ' + run
}
assert runs[0].contains('BUILD SUCCESS')

def retrain = ' was trained for another version of Tiny (its declaration changed since, e.g. an activation, with ' +
    'the same shapes): retrain with fovea:train'
failsWith(runs[1], 'Tiny.safetensors' + retrain)
failsWith(runs[2], 'Tiny.safetensors' + retrain)
failsWith(runs[3], 'unknown property fovea.minAcuracy (on the command line): did you mean fovea.minAccuracy? ')
return true
