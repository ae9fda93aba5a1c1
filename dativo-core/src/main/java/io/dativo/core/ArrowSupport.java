package io.dativo.core;

import io.dativo.api.DativoException;

/** Checks, before any Arrow memory is touched, that the JVM was started with the flag Arrow needs. */
final class ArrowSupport {

    static final String FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private ArrowSupport() {
    }

    static void check() {
        if (!Object.class.getModule().isOpen("java.nio", ArrowSupport.class.getModule())) {
            throw new DativoException("Apache Arrow needs the JVM option " + FLAG + ". Add it to the java command "
                    + "line, or to JDK_JAVA_OPTIONS, or to the argLine of maven-surefire-plugin.");
        }
    }
}
