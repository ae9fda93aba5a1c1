package io.dativo.core.internal;

import io.dativo.api.DativoException;

/** Checks, before any Arrow memory is touched, that the JVM was started with the flag Arrow needs. */
public final class ArrowSupport {

    /** The JVM option Arrow needs. */
    public static final String FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private ArrowSupport() {
    }

    /** Throws a {@link DativoException} naming {@link #FLAG} when the JVM was started without it. */
    public static void check() {
        if (!Object.class.getModule().isOpen("java.nio", ArrowSupport.class.getModule())) {
            throw new DativoException("Apache Arrow needs the JVM option " + FLAG + ". Add it to the java command "
                    + "line, or to JDK_JAVA_OPTIONS, or to the argLine of maven-surefire-plugin.");
        }
    }
}
