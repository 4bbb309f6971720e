import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 2
def (first, second) = runs

assert first =~ /Training Tiny on images \(192 images, 48 for validation, inverted, standardised with mean /
assert first.contains('; schedule cosine (warm-up 1.0 epochs, floor x0.0); early stopping on val_loss (patience 4)')
assert first.contains('; augmentation flip crop-padding 1')
assert first =~ /epoch 1\/30  loss \d\.\d{4}  accuracy \d+\.\d\d %  val loss \d\.\d{4}  val accuracy \d+\.\d\d %  lr /
assert first =~ /Quality gate passed: accuracy \d+\.\d\d % of Tiny on images\/test is at or above the minimum 80\.00 %/
assert second.contains('Tiny is up to date')

def meta = new JsonSlurper().parse(new File(basedir, 'target/fovea/Tiny.json'))
assert meta.preprocessing.invert == true
assert meta.preprocessing.image.color.startsWith('grayscale') && meta.preprocessing.image.height == 8
def epochs = meta.metrics.epochs
assert epochs.every { it.valLoss != null && it.valAccuracy != null && it.learningRate != null }
assert epochs[1].learningRate < epochs[0].learningRate, 'cosine decay'
assert meta.metrics.valAccuracy > 0.8
assert meta.settings.schedule == 'cosine' && meta.settings.patience == 4
// The checkpoint is gone once the model is written, and nothing temporary is left.
def left = new File(basedir, 'target/fovea').list().toList().sort()
assert left == ['Tiny.json', 'Tiny.safetensors'] : left
return true
