package dev.mailtls.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The bytes of an extra CA file (CLI {@code --ca-file}, {@code MAILTLS_CA_FILE}, YAML {@code
 * ca_file}): a regular file of at most {@link #MAX_BYTES}, read with that bound. A device such as
 * {@code /dev/zero}, a pipe or a directory is refused before it is opened, and a file that grows
 * past the bound while it is read (or a {@code /proc} file that claims size 0) is refused at the
 * bound, so naming the wrong file can never hang mailtls or fill its memory.
 */
final class CaFile {
    /** 1 MiB: the Mozilla root store as PEM is about 200 KiB. */
    static final int MAX_BYTES = 1024 * 1024;

    private CaFile() {}

    /**
     * @throws IllegalArgumentException with a one-line reason naming the file
     */
    static byte[] read(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the CA file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file " + file + ": " + oneLine(e), e);
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException("the CA file " + file + " is not a regular file"
                    + (attributes.isDirectory() ? " but a directory" : " (a device or pipe cannot be a CA file)"));
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(file);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("the CA file " + file + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file " + file + ": " + oneLine(e), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file);
        }
        return bytes;
    }

    private static IllegalArgumentException tooLarge(Path file) {
        return new IllegalArgumentException("the CA file " + file + " is larger than " + MAX_BYTES / 1024
                + " KiB; a CA file holds PEM certificates");
    }

    private static String oneLine(IOException e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
    }
}
