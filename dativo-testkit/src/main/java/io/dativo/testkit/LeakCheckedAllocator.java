package io.dativo.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A root allocator that fails the test if anything is still allocated when it is closed. As a field with
 * {@code @RegisterExtension}, it is closed, and so checked, after each test.
 */
public final class LeakCheckedAllocator extends RootAllocator implements AfterEachCallback {

    /** An allocator without a limit. */
    public LeakCheckedAllocator() {
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        assertThat(getAllocatedMemory()).as("Arrow memory still allocated").isZero();
        super.close();
    }
}
