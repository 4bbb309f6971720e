import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text
int compile = log.indexOf('maven-compiler-plugin:3.13.0:compile')
int train = log.indexOf(':train (train) @ lifecycle-idx')
int evaluate = log.indexOf(':evaluate (evaluate) @ lifecycle-idx')
assert compile >= 0 && compile < train && train < evaluate
assert log.contains('(240 images, raw [0, 1]): adam')
assert log =~ /top-2 accuracy \d+\.\d\d %  \(60 samples\)/
assert log =~ /Quality gate passed: accuracy \d+\.\d\d % of Tiny on tiny-idx\/test is at or above the minimum 90\.00 %/
assert log.contains('BUILD SUCCESS')

def meta = new JsonSlurper().parse(new File(basedir, 'target/fovea/Tiny.json'))
assert meta.preprocessing.standardize == false && meta.preprocessing.mean == null
assert meta.data.endsWith('tiny-idx') && meta.settings.epochs == 12
return true
