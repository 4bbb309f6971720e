package dev.fovea.maven;

import dev.fovea.runtime.Trainer;
import java.util.Locale;
import org.apache.maven.plugin.logging.Log;

/**
 * Prints training progress to the Maven log: a line every {@code intervalSeconds} within an epoch (batch,
 * running loss, throughput, time left) and each epoch's loss and accuracy.
 */
final class Progress implements Trainer.Listener {
  private final Log log;
  private final long intervalNanos;
  private final int epochs;
  private final int samplesPerEpoch;
  private final long start = System.nanoTime();
  private long lastLine = start;
  // Where this run's measurement starts: a resumed run begins mid-way, so rates count from its first batch.
  private long baseline = -1;

  Progress(Log log, double intervalSeconds, int epochs, int samplesPerEpoch) {
    this.log = log;
    this.intervalNanos = (long) (intervalSeconds * 1e9);
    this.epochs = epochs;
    this.samplesPerEpoch = samplesPerEpoch;
  }

  @Override
  public void batchFinished(int epoch, int batch, int batches, int samples, double loss) {
    long now = System.nanoTime();
    long done = (long) (epoch - 1) * samplesPerEpoch + samples;
    if (baseline < 0) {
      baseline = done - samples / batch; // the samples done before this run's first batch
    }
    // The clock is read on every batch, but a line (and its strings) only every interval.
    if (batch == batches || now - lastLine < intervalNanos) {
      return;
    }
    lastLine = now;
    double seconds = (now - start) / 1e9;
    double perSecond = (done - baseline) / Math.max(seconds, 1e-9);
    double left = ((long) epochs * samplesPerEpoch - done) / perSecond;
    log.info(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  %,d img/s  %s left",
        epoch, epochs, batch, batches, loss, Math.round(perSecond), duration(left)));
  }

  @Override
  public void epochFinished(Trainer.EpochReport report) {
    lastLine = System.nanoTime();
    log.info(report.format());
  }

  /** {@code 0:07}, {@code 12:30} or {@code 1:02:03}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
