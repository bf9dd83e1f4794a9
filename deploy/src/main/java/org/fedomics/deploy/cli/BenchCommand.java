package org.fedomics.deploy.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print a table.",
        subcommands = {BenchE2eCommand.class, BenchCryptoCommand.class, BenchSecaggCommand.class, BenchConsentCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
