package io.dativo.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs many dativo commands in one JVM, as the real command line's main runs each, so that a test can run every
 * command under several options without starting a JVM per command. Each line of the file given is one command,
 * its arguments separated by tabs; a line {@code ### <command> -> exit N} on standard output follows each.
 */
public final class CommandBatch {

    private CommandBatch() {
    }

    /** Runs the commands of the file {@code args[0]}, then exits. */
    public static void main(String[] args) throws Exception {
        List<String> commands = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        for (String command : commands) {
            int code = Main.execute(command.split("\t"));
            System.out.println("### " + command.replace('\t', ' ') + " -> exit " + code);
        }
        System.exit(0);
    }
}
