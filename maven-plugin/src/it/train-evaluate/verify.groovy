import groovy.json.JsonSlurper
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.security.MessageDigest

// build.log holds the four runs of invoker.properties one after the other.
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 4
def (first, second, third, fourth) = runs

assert first.contains('Network tiny.Tiny (tiny.TinyNet), input 1x8x8:')
assert first.contains('Total parameters: 151 (604 B as float32)')
assert first.contains('Training Tiny on ') && first.contains('(240 images, standardised with mean ')
assert first =~ /epoch 1\/8  batch 1\/15  loss \d+\.\d{4}  [\d,]+ img\/s  \d+:\d\d left/
assert first =~ /epoch 8\/8  loss \d\.\d{4}  accuracy \d+\.\d\d %/
assert first.contains('Wrote target/fovea/Tiny.safetensors and target/fovea/Tiny.json')
assert first.contains('precision    recall')
assert first =~ /0 horizontal +\d+ +\d+ +\d+ +\d+\.\d\d % +\d+\.\d\d %/
assert first =~ /Quality gate passed: accuracy \d+\.\d\d % of Tiny on tiny-csv\/test is at or above the minimum 90\.00 %/

assert second.contains('Tiny is up to date: network, data and settings unchanged since target/fovea/Tiny.json')
assert !second.contains('Training Tiny') && !second.contains('epoch 1/8')

// -Dfovea.force retrains, and the same seed gives the same epochs.
assert third.contains('Training Tiny on ')
def epochs = { log -> log.findAll(/epoch \d\/8  loss \S+  accuracy \S+ %/) }
assert epochs(third).size() == 8 && epochs(third) == epochs(first)

// Another seed is another setting: retrained, with other epochs.
assert fourth.contains('Retraining Tiny: settings changed since the last training')
assert epochs(fourth).size() == 8 && epochs(fourth) != epochs(first)

def meta = new JsonSlurper().parse(new File(basedir, 'target/fovea/Tiny.json'))
assert meta.format == 'fovea-model/1'
assert meta.network == 'tiny.Tiny' && meta.generatedClass == 'tiny.TinyNet'
assert meta.inputShape == [1, 8, 8]
assert meta.labels == ['horizontal', 'vertical', 'diagonal']
assert meta.preprocessing.standardize == true && meta.preprocessing.std > 0
assert meta.settings.optimizer == 'adam' && meta.settings.learningRate == 0.01 && meta.settings.seed == 7
assert meta.metrics.epochs.size() == 8 && meta.metrics.trainAccuracy > 0.9
File weights = new File(basedir, 'target/fovea/Tiny.safetensors')
assert meta.weightsSha256 == MessageDigest.getInstance('SHA-256').digest(weights.bytes).encodeHex().toString()

// A safetensors file: 8-byte little-endian header length, JSON header, 151 float32 values.
byte[] bytes = weights.bytes
long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()
def header = new JsonSlurper().parseText(new String(bytes, 8, (int) headerLength, 'UTF-8'))
assert header['conv.weight'].shape == [4, 1, 3, 3] && header['out.weight'].shape == [3, 36]
assert bytes.length == 8 + headerLength + 151 * 4
return true
