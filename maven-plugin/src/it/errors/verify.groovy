// build.log holds the ten runs of invoker.properties one after the other.
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 10

def failsWith = { String run, String message ->
  def errors = run.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal dev.fovea:fovea-maven-plugin') }
  assert errors.size() == 1 : run
  assert errors[0].contains(message) : errors[0]
  assert !(run =~ /(?m)^\s+at /) : 'stack trace in ' + run
}
failsWith(runs[0], 'on project errors: no network named Nope in this project; it has: tiny.Tiny -> [Help 1]')
failsWith(runs[1], 'no-such-dir: no such file or directory (expected a directory of IDX or CSV files, or a CSV file)')
failsWith(runs[2], 'malformed/train.csv: line 2, column 12: "x" is not a pixel value (an integer 0-255)')
failsWith(runs[3], 'unknown optimizer "adamw", expected one of: sgd, momentum, rmsprop, adam')
failsWith(runs[4], 'no trained weights for Tiny: ')
assert runs[4].contains('Tiny.json does not exist; run fovea:train first')
assert runs[5].contains('BUILD SUCCESS')
failsWith(runs[6], 'minAccuracy is a fraction in [0, 1] (e.g. 0.75 for 75 %), not 75.0')
failsWith(runs[7], 'the trained weights do not fit Tiny as compiled now (')
assert runs[7].contains('Tiny.safetensors: tensor "conv.weight": shape [8,1,3,3] expected but file has [4,1,3,3]): '
    + 'retrain with fovea:train')
// The edited network is retrained (its class hash changed); a diverging learning rate stops training.
assert runs[8].contains('Retraining Tiny: network changed since the last training') && runs[8].contains('BUILD SUCCESS')
failsWith(runs[9], 'training diverged at epoch 1, batch ')
assert runs[9] =~ /training diverged at epoch 1, batch \d+: loss \S+, the first non-finite gradient, going back from the output, is layer \w+ \(\S+\); the learning rate \(1\.0E30\) may be too high/
return true
