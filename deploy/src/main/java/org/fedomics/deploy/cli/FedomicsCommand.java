package org.fedomics.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fedomics} command: one entry point for every role and tool. */
@Command(name = "fedomics", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Privacy-preserving federated learning on genomic data, with patients in control of consent.",
        subcommands = {DemoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class FedomicsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; a user error is one line on stderr and exit code 2, never a stack trace. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.err, true), args);
    }

    static int execute(java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new FedomicsCommand());
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("fedomics: " + UserErrors.describe(e));
            return UserErrors.isUserError(e) ? 2 : 1;
        });
        return cli.execute(args);
    }
}
