package io.dativo.core.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A bounded hand-off between two stages of a split: the producer puts values, then an end or its failure; the
 * consumer takes items in order. Memory stays bounded by {@code depth} values whatever the size of the source.
 * Closing it (the split is stopping) wakes both sides at once: from then on {@link #put} closes the value it was
 * given and throws, {@link #take} throws, and every value still inside is closed by {@link #drain()}.
 *
 * @param <T> the values, which own memory that {@code closer} releases
 */
final class Handoff<T> {

    /** What the consumer takes: a value, the end of input, or the producer's failure. */
    sealed interface Item<T> permits Value, End, Failure {
    }

    /** One value. */
    record Value<T>(T value) implements Item<T> {
    }

    /** The producer is done. */
    record End<T>() implements Item<T> {
    }

    /** The producer failed with {@code cause}. */
    record Failure<T>(Throwable cause) implements Item<T> {
    }

    private final int depth;
    private final Consumer<T> closer;
    private final ArrayDeque<Item<T>> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private boolean closed;

    Handoff(int depth, Consumer<T> closer) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        this.depth = depth;
        this.closer = closer;
    }

    /**
     * Hands over {@code value}, waiting while the hand-off is full. The hand-off owns the value from the call on:
     * when it cannot take it (closed, or the producer interrupted, as a stopping split does) it closes it and throws.
     */
    void put(T value) throws InterruptedException {
        boolean taken = false;
        try {
            taken = offer(new Value<>(value));
        } finally {
            if (!taken) {
                closer.accept(value);
            }
        }
        if (!taken) {
            throw new CancellationException("the split is stopping");
        }
    }

    /** Marks the end of input; does nothing once closed. */
    void end() throws InterruptedException {
        offer(new End<>());
    }

    /** Passes on the producer's failure; does nothing once closed. */
    void fail(Throwable cause) throws InterruptedException {
        offer(new Failure<>(cause));
    }

    private boolean offer(Item<T> item) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && items.size() >= depth) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            items.add(item);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next item, waiting for one; throws once the hand-off is closed. */
    Item<T> take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && items.isEmpty()) {
                notEmpty.await();
            }
            if (closed) {
                throw new CancellationException("the split is stopping");
            }
            Item<T> item = items.poll();
            notFull.signal();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the hand-off: wakes both sides and closes the values inside. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        drain();
    }

    /** True once {@link #close()} was called. */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the values still inside. */
    void drain() {
        List<Item<T>> left;
        lock.lock();
        try {
            left = new ArrayList<>(items);
            items.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        for (Item<T> item : left) {
            if (item instanceof Value<T> v) {
                closer.accept(v.value());
            }
        }
    }
}
