package org.fedomics.crypto.aead;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A keystore passphrase. Held as a char array (what {@link java.security.KeyStore} wants) and only
 * handed out as copies; never printed.
 */
public final class Passphrase {

    private final char[] chars;

    private Passphrase(char[] chars) {
        if (chars.length == 0) {
            throw new IllegalArgumentException("passphrase is empty");
        }
        this.chars = chars;
    }

    /** A passphrase from the given characters (copied; the caller may clear its array). */
    public static Passphrase of(char[] chars) {
        Objects.requireNonNull(chars, "chars");
        return new Passphrase(chars.clone());
    }

    /**
     * The value of an environment variable.
     *
     * @throws IllegalStateException naming the variable (never the value) if it is unset or empty
     */
    public static Passphrase fromEnvironment(String variable) {
        Objects.requireNonNull(variable, "variable");
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("passphrase environment variable " + variable + " is not set or empty");
        }
        return new Passphrase(value.toCharArray());
    }

    /**
     * The contents of a UTF-8 text file, without one trailing line break (as written by
     * {@code echo} or an editor). Suited to container secrets mounted as files.
     *
     * @throws IOException naming the file (never its contents) if it is missing, unreadable, empty or not UTF-8
     */
    public static Passphrase fromFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("passphrase file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IOException("passphrase file " + file + " cannot be read", e);
        }
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new IOException("passphrase file " + file + " is not valid UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        char[] all = new char[decoded.remaining()];
        decoded.get(all);
        Arrays.fill(decoded.array(), '\0');
        int end = all.length;
        if (end > 0 && all[end - 1] == '\n') {
            end--;
            if (end > 0 && all[end - 1] == '\r') {
                end--;
            }
        }
        char[] trimmed = Arrays.copyOf(all, end);
        Arrays.fill(all, '\0');
        if (trimmed.length == 0) {
            throw new IOException("passphrase file " + file + " is empty");
        }
        return new Passphrase(trimmed);
    }

    /** A copy of the characters; clear it after use. */
    public char[] chars() {
        return chars.clone();
    }

    @Override
    public String toString() {
        return "Passphrase[redacted]";
    }
}
