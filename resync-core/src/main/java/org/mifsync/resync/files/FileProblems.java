package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * Says in one line what an I/O failure was and which file it concerns. The JDK's messages are
 * uneven: {@link FileAlreadyExistsException} says only the path, a write on a full disk only
 * "No space left on device". Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class FileProblems {

    private FileProblems() {
    }

    /**
     * Describes an I/O failure: {@code PATH: reason} (or {@code PATH -> OTHER: reason} for a move)
     * when it names a file, else its message. The text is not escaped; a path may hold anything.
     *
     * @param e the failure
     * @return the description, never blank
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason(f);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String reason(FileSystemException f) {
        if (f.getReason() != null && !f.getReason().isBlank()) {
            return f.getReason();
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (f instanceof NotLinkException) {
            return "not a link";
        }
        return f.getClass().getSimpleName();
    }
}
