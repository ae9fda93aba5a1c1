package io.dativo.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandoffTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final Handoff<String> handoff = new Handoff<>(2, closed::add);

    @Test
    void valuesComeOutInOrderFollowedByTheEnd() throws Exception {
        handoff.put("a");
        handoff.put("b");
        assertThat(handoff.take()).isEqualTo(new Handoff.Value<>("a"));
        handoff.end();
        assertThat(handoff.take()).isEqualTo(new Handoff.Value<>("b"));
        assertThat(handoff.take()).isInstanceOf(Handoff.End.class);
        assertThat(closed).isEmpty();
    }

    @Test
    void aFailureIsPassedOn() throws Exception {
        IOException cause = new IOException("disk gone");
        handoff.fail(cause);
        assertThat(handoff.take()).isEqualTo(new Handoff.Failure<>(cause));
    }

    @Test
    void aFullHandoffBlocksTheProducerUntilTheConsumerTakes() throws Exception {
        handoff.put("a");
        handoff.put("b");
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                handoff.put("c");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(third).as("bounded at two").isNotDone();
        handoff.take();
        third.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aValuePutByAnInterruptedProducerIsClosedNotLost() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> handoff.put("a")).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(closed).as("the hand-off owns what it was given").containsExactly("a");
    }

    @Test
    void closingWakesABlockedProducerWhoseValueIsClosedAndDrainsWhatIsInside() throws Exception {
        handoff.put("a");
        handoff.put("b");
        CompletableFuture<Throwable> producer = CompletableFuture.supplyAsync(() -> {
            try {
                handoff.put("c");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(100);
        handoff.close();
        assertThat(producer.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(closed).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(handoff.isClosed()).isTrue();
        assertThatThrownBy(handoff::take).isInstanceOf(CancellationException.class);
        handoff.end();
        handoff.drain();
        assertThat(closed).hasSize(3);
    }

    @Test
    void closingWakesABlockedConsumer() throws Exception {
        CompletableFuture<Throwable> consumer = CompletableFuture.supplyAsync(() -> {
            try {
                handoff.take();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(100);
        handoff.close();
        assertThat(consumer.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }
}
