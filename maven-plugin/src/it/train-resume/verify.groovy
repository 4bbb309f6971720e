def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 4
def (first, second, third, fourth) = runs

def diverged = ~/training diverged at epoch 2, batch 7: .*; the last good checkpoint \(after epoch 1\) is kept in \S*Tiny\.checkpoint/
assert first =~ diverged && first.contains('epoch 1/8  loss ') && !first.contains('Resuming')
// Resumed after epoch 1: epoch 1 is not trained again, and the same batch diverges.
assert second.contains('Resuming from ') && second.contains('(after epoch 1)')
assert !second.contains('epoch 1/8  loss ') && second =~ diverged
// -Dfovea.resume=false trains epoch 1 again from the start.
assert !third.contains('Resuming') && third.contains('epoch 1/8  loss ') && third =~ diverged

assert fourth.contains('Starting over: ') && fourth.contains('is from another network, data set or settings')
assert fourth =~ /\[WARNING\] Tiny: final training accuracy \d+\.\d\d % is at chance level \(always predicting the most frequent class scores \d+\.\d\d %\)/
assert fourth.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/fovea/Tiny.checkpoint').exists()
return true
