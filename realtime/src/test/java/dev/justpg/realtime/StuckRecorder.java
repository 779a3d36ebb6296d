package dev.justpg.realtime;

import java.util.concurrent.CountDownLatch;

/** A recorder whose handler blocks on its first message until released. */
final class StuckRecorder extends Recorder<String> {

    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile Thread stuckOn;

    @Override
    public void onMessage(Message<String> message) {
        super.onMessage(message);
        if (stuckOn == null) {
            stuckOn = Thread.currentThread();
        }
        entered.countDown();
        try {
            if (!release.await(WAIT.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the test never released the stuck handler");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
