import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 3
def (first, second, third) = runs

assert first =~ /Training Tiny on images \(192 images, 48 for validation, inverted, standardised with mean /
assert first.contains('; schedule cosine (warm-up 1.0 epochs, floor x0.0); early stopping on val_loss (patience 4)')
assert first.contains('; augmentation flip crop-padding 1')
assert first =~ /epoch 1\/30  loss \d\.\d{4}  accuracy \d+\.\d\d %  val loss \d\.\d{4}  val accuracy \d+\.\d\d %  lr /
assert first =~ /Quality gate passed: accuracy \d+\.\d\d % of Tiny on images\/test is at or above the minimum 80\.00 %/
assert second.contains('Tiny is up to date')
assert third.contains('Retraining Tiny: data, settings changed since the last training')
assert third =~ /Training Tiny on images \(240 images, 60 for validation, inverted, /
assert third.contains('; schedule step (x0.5 every 4 epochs)')
assert third =~ /epoch 4\/8  .*  lr 0\.0100 / && third =~ /epoch 5\/8  .*  lr 0\.00500 /

def meta = new JsonSlurper().parse(new File(basedir, 'target/fovea/Tiny.json'))
assert meta.settings.validationData == 'images' && meta.metrics.epochs.size() == 8
assert meta.metrics.epochs*.learningRate.collect { (it as double) as float } == [0.01f] * 4 + [0.005f] * 4
assert meta.preprocessing.invert == true
assert meta.preprocessing.image.color.startsWith('grayscale') && meta.preprocessing.image.height == 8
def epochs = meta.metrics.epochs
assert epochs.every { it.valLoss != null && it.valAccuracy != null && it.learningRate != null }
assert meta.metrics.valAccuracy > 0.5
assert meta.settings.schedule == 'step' && meta.settings.patience == 0
// The checkpoint is gone once the model is written, and nothing temporary is left.
def left = new File(basedir, 'target/fovea').list().toList().sort()
assert left == ['Tiny.html', 'Tiny.json', 'Tiny.safetensors'] : left
return true
