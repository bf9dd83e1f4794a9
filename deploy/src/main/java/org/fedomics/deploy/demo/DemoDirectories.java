package org.fedomics.deploy.demo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The demo's output directory: checked writable up front, its work directory fresh each run. */
final class DemoDirectories {
    private static final String MARKER = ".fedomics-demo";

    private DemoDirectories() {
    }

    /** Returns OUT/work, empty; refuses to clear a directory the demo did not create. */
    static Path prepare(Path out) throws IOException {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IOException("cannot create the output directory " + out + " (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isDirectory(out) || !Files.isWritable(out)) {
            throw new IOException("the output directory " + out + " is not a writable directory");
        }
        Path work = out.resolve("work");
        if (Files.exists(work)) {
            if (!Files.exists(work.resolve(MARKER))) {
                throw new IOException(work + " exists and was not made by the demo; choose another --out");
            }
            deleteRecursively(work);
        }
        Files.createDirectories(work);
        Files.createFile(work.resolve(MARKER));
        return work;
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
