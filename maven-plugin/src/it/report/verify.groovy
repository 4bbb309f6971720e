// build.log holds the two runs of invoker.properties one after the other.
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 2
def (first, second) = runs

// train, evaluate and report each write it.
assert first.findAll('Wrote the report target/fovea/Tiny.html').size() == 3
assert !first.contains('No report written')

String html = new File(basedir, 'target/fovea/Tiny.html').getText('UTF-8')
assert html.startsWith('<!DOCTYPE html>')
['Model', 'Training', 'Confusion matrix on tiny-csv/test', 'First convolution&#39;s kernels', 'Feature maps',
 'Worst-classified test images', 'Settings, data, timing and fingerprint'].each { assert html.contains("<h2>$it") }
assert html.contains('<th>0 horizontal</th>') && html.contains('<th>2 diagonal</th>')
// 8 epochs charted, the settings and fingerprint from Tiny.json, and nothing to fetch.
assert html.contains('training, epoch 8: ')
assert html.contains('<th>optimizer</th><td>adam</td>')
def meta = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/fovea/Tiny.json'))
assert html.contains(meta.weightsSha256)
assert !html.contains('<script') && !(html =~ /(src|href)="(?!data:)/)

// An explicit data set that does not exist fails the goal with one message naming it.
assert second.contains('no-such-data')
assert second.contains('BUILD FAILURE')
return true
