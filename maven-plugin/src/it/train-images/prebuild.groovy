import java.awt.image.BufferedImage
import javax.imageio.ImageIO

// Image folders of dark strokes on white paper, 16x16 (the network takes 8x8), grey and colour PNGs and JPEGs:
// one folder per class, named like the network's labels but sorted otherwise.
def random = new Random(11)
def write = { String part, int count ->
  count.times { i ->
    int label = random.nextInt(3)
    String name = ['horizontal', 'vertical', 'diagonal'][label]
    boolean colour = i % 3 == 0
    def image = new BufferedImage(16, 16, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY)
    def g = image.createGraphics()
    g.color = java.awt.Color.WHITE
    g.fillRect(0, 0, 16, 16)
    g.color = colour ? new java.awt.Color(20, 30, 90) : java.awt.Color.BLACK
    int at = 3 + random.nextInt(10)
    if (label == 0) {
      g.fillRect(2, at, 12, 2)
    } else if (label == 1) {
      g.fillRect(at, 2, 2, 12)
    } else {
      boolean down = random.nextBoolean()
      (2..13).each { k -> g.fillRect(k, down ? k : 15 - k, 2, 2) }
    }
    g.dispose()
    File dir = new File(basedir, "images/$part/$name")
    dir.mkdirs()
    String format = i % 5 == 0 ? 'png' : (colour ? 'jpg' : 'png')
    ImageIO.write(image, format == 'jpg' ? 'jpeg' : 'png', new File(dir, "$i.$format"))
  }
}
write('train', 240)
write('test', 60)
return true
