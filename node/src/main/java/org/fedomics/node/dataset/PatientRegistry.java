package org.fedomics.node.dataset;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fedomics.crypto.aead.EncryptedFiles;

/**
 * The hospital's mapping from its own sample ids to the pseudonyms the consent service issued.
 * It never leaves the node and is stored encrypted like the datasets.
 */
public final class PatientRegistry {
    private final Path file;
    private final byte[] context;
    private final EncryptedFiles files;
    private final Map<String, String> pseudonymOfSample = new TreeMap<>();

    private PatientRegistry(Path file, String nodeName, EncryptedFiles files) {
        this.file = file;
        this.context = ("fedomics patients|" + nodeName).getBytes(StandardCharsets.UTF_8);
        this.files = files;
    }

    public static PatientRegistry open(Path file, String nodeName, EncryptedFiles files) throws IOException {
        PatientRegistry registry = new PatientRegistry(file, nodeName, files);
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(files.open(file, registry.context))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    registry.pseudonymOfSample.put(in.readUTF(), in.readUTF());
                }
            }
        }
        return registry;
    }

    public synchronized Optional<String> pseudonymOf(String sampleId) {
        return Optional.ofNullable(pseudonymOfSample.get(sampleId));
    }

    public synchronized boolean isEnrolled(String sampleId) {
        return pseudonymOfSample.containsKey(sampleId);
    }

    /** Records new enrollments and writes the whole registry again, atomically. */
    public synchronized void enroll(Map<String, String> pseudonymsBySample) throws IOException {
        Map<String, String> next = new TreeMap<>(pseudonymOfSample);
        next.putAll(pseudonymsBySample);
        files.write(file, context, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeInt(next.size());
            for (var e : next.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
        });
        pseudonymOfSample.clear();
        pseudonymOfSample.putAll(next);
    }
}
