package io.dativo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line builds only the subcommand a command names, and all of them for help and mistakes. */
class MainTest {

    static final String[] ALL = {"run", "check", "discover", "validate", "plugins", "state", "recover", "help"};

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertThat(Main.commandLine("run", "--config", "job.yaml").getSubcommands()).containsOnlyKeys("run");
        assertThat(Main.commandLine("state", "show").getSubcommands()).containsOnlyKeys("state");
        assertThat(Main.commandLine("validate", "--help").getSubcommands()).containsOnlyKeys("validate");
    }

    @Test
    void helpNoArgumentsAndUnknownNamesGetEverySubcommand() {
        for (String[] args : new String[][]{{}, {"--help"}, {"help", "run"}, {"rnu"}, {"--version"}}) {
            assertThat(Main.commandLine(args).getSubcommands()).containsOnlyKeys(ALL);
        }
        String usage = Main.commandLine("--help").getUsageMessage();
        for (String name : ALL) {
            assertThat(usage).contains(name);
        }
    }
}
