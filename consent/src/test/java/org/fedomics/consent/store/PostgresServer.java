package org.fedomics.consent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server: a new cluster in a temporary directory, listening on 127.0.0.1
 * on a free port only (its unix socket in the same directory), password authentication with a
 * random password, durability switched off for speed. {@link #close()} stops it and deletes the
 * directory. The server binaries refuse to run as root; run as root, every command runs as the
 * {@code postgres} user, who owns the directory.
 */
public final class PostgresServer implements AutoCloseable {
    /** The cluster's superuser, the user of every database handed out. */
    public static final String USER = "fedomics";
    private static final String OS_USER = "postgres";
    private static final int START_ATTEMPTS = 3;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    /** A fresh, empty database on the server. */
    public record Database(String jdbcUrl, String user, String password) {
        /** The consent store on this database (migrated on first open). */
        JdbcConsentStore openStore() {
            return JdbcConsentStore.open(jdbcUrl, user, password.toCharArray());
        }

        @Override
        public String toString() {
            return "Database[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=(hidden)]";
        }
    }

    private final Path bin;
    private final Path directory;
    private final String password;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();
    private final Thread stopAtExit = new Thread(this::stopAndDelete, "stop throwaway PostgreSQL");
    private int port;
    private boolean stopped;

    private PostgresServer(Path bin, Path directory, String password, boolean asPostgresUser) {
        this.bin = bin;
        this.directory = directory;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Creates a cluster with the {@code initdb} and {@code pg_ctl} in {@code bin} and starts it.
     *
     * @throws IllegalStateException if a binary is missing or the server does not start (with its log)
     */
    public static PostgresServer start(Path bin) throws IOException, InterruptedException {
        for (String binary : List.of("initdb", "pg_ctl", "postgres")) {
            if (!Files.isExecutable(bin.resolve(binary))) {
                throw new IllegalStateException("no PostgreSQL server binary " + bin.resolve(binary));
            }
        }
        boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
        Path directory = Files.createTempDirectory("fedomics-pg-");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        PostgresServer server = new PostgresServer(bin, directory, HexFormat.of().formatHex(secret), asPostgresUser);
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        try {
            server.initialize();
            server.startOnFreePort();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Creates a new, empty database on this server. */
    public Database newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on the throwaway PostgreSQL", e);
        }
        return new Database(jdbcUrl(name), USER, password);
    }

    /** Stops the server (immediately: nothing in it is kept) and deletes its directory. */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and runs the hook itself, which finds the server already stopped.
        }
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void initialize() throws IOException, InterruptedException {
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.US_ASCII);
        if (asPostgresUser) {
            giveToPostgresUser(directory);
            giveToPostgresUser(passwordFile);
        }
        run("initdb", List.of("-D", data().toString(), "-U", USER, "--auth=scram-sha-256", "--pwfile=" + passwordFile,
                "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));
        Files.delete(passwordFile);
    }

    private void startOnFreePort() throws IOException, InterruptedException {
        // Another process can take the free port between the probe and the server's bind: try a few.
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            Files.writeString(data().resolve("postgresql.conf"), String.join("\n",
                    "", "# throwaway test server",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    "unix_socket_directories = '" + directory + "'",
                    "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                    "shared_buffers = 32MB", "max_connections = 60", ""),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            try {
                run("pg_ctl", List.of("-D", data().toString(), "-l", directory.resolve("server.log").toString(),
                        "-w", "-t", "60", "start"));
                return;
            } catch (IllegalStateException e) {
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage() + "\nserver log:\n" + tail(directory.resolve("server.log")), e);
                }
            }
        }
    }

    private synchronized void stopAndDelete() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                run("pg_ctl", List.of("-D", data().toString(), "-m", "immediate", "-w", "-t", "60", "stop"));
            }
            deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the throwaway PostgreSQL directory " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the throwaway PostgreSQL in " + directory, e);
        }
    }

    /** Runs a server binary (as the postgres user when we are root); its output goes to a log in the directory. */
    private void run(String binary, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        command.add(bin.resolve(binary).toString());
        command.addAll(arguments);
        Path log = directory.resolve("commands.log");
        // Output to a file, not a pipe: the server pg_ctl starts inherits it and would hold a pipe open.
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(binary + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(binary + " failed with status " + process.exitValue() + ":\n" + tail(log));
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    private static void giveToPostgresUser(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = users.lookupPrincipalByName(OS_USER);
        GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
        PosixFileAttributeView attributes = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        attributes.setOwner(user);
        attributes.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
