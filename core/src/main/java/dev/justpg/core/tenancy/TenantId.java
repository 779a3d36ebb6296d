package dev.justpg.core.tenancy;

import java.util.Objects;
import java.util.UUID;

/**
 * A typed tenant id: a {@link UUID}, a {@code long} or non-empty text. Immutable.
 *
 * <pre>{@code
 * TenantId acme = TenantId.of(UUID.fromString("7f1c..."));
 * TenantId fromHeader = TenantId.parse(TenantIdType.UUID, request.getHeader("X-Tenant"));
 * }</pre>
 */
public final class TenantId {

    /** The longest text id accepted, in characters. */
    public static final int MAX_TEXT_LENGTH = 256;

    private final TenantIdType type;
    private final String text;

    private TenantId(TenantIdType type, String text) {
        this.type = type;
        this.text = text;
    }

    /**
     * A UUID tenant id.
     *
     * @param id the id
     * @return the tenant id
     */
    public static TenantId of(UUID id) {
        Objects.requireNonNull(id, "tenant id must not be null");
        return new TenantId(TenantIdType.UUID, id.toString());
    }

    /**
     * A numeric tenant id.
     *
     * @param id the id
     * @return the tenant id
     */
    public static TenantId of(long id) {
        return new TenantId(TenantIdType.LONG, Long.toString(id));
    }

    /**
     * A text tenant id.
     *
     * <p>Two different ids must never reach the database as the same value, so the text is
     * refused when its encoding could collapse it into another id: a lone surrogate (not
     * well-formed Unicode: the driver would send {@code ?}, the id of another tenant), a NUL
     * character (PostgreSQL text cannot hold it), leading or trailing white space (a
     * {@code character(n)} column ignores trailing spaces). The text is not normalized: ids are
     * compared code point by code point, so {@code "é"} precomposed and decomposed are two
     * tenants; normalize ids that come from people (for example to NFC) before building them.
     * A {@code Tenancy} for text ids also refuses a server whose encoding is not UTF-8.
     *
     * @param id the id: not blank, well-formed Unicode, no NUL character, no leading or trailing
     *        white space, at most {@value #MAX_TEXT_LENGTH} characters
     * @return the tenant id
     * @throws IllegalArgumentException when the text breaks a rule
     */
    public static TenantId of(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be null or blank (a blank id would mean 'no"
                    + " tenant')");
        }
        if (id.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("tenant id must be at most " + MAX_TEXT_LENGTH + " characters, was "
                    + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException("tenant id must not contain a NUL character (index " + i
                        + "): PostgreSQL text cannot hold it");
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("tenant id is not well-formed Unicode: lone surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i
                        + "; it cannot be encoded in UTF-8 (the driver would send '?', which is another tenant's id)");
            }
        }
        if (!id.equals(id.strip())) {
            throw new IllegalArgumentException("tenant id must not start or end with white space: a character(n)"
                    + " column ignores trailing spaces, so 'a ' and 'a' could be the same tenant; strip it first");
        }
        return new TenantId(TenantIdType.TEXT, id);
    }

    /**
     * Parses text (a header, a JWT claim) into an id of the given type.
     *
     * @param type the type the text must have
     * @param text the text
     * @return the tenant id
     * @throws IllegalArgumentException when the text is not a valid id of that type
     */
    public static TenantId parse(TenantIdType type, String text) {
        Objects.requireNonNull(type, "type must not be null");
        if (text == null) {
            throw new IllegalArgumentException("tenant id text must not be null");
        }
        if (type == TenantIdType.TEXT) {
            return of(text);
        }
        try {
            return type == TenantIdType.UUID ? of(UUID.fromString(text.strip())) : of(Long.parseLong(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tenant id '" + shorten(text) + "' is not a valid " + type
                    + " id: " + e.getMessage(), e);
        }
    }

    /**
     * The id's type.
     *
     * @return the type
     */
    public TenantIdType type() {
        return type;
    }

    /**
     * The id as the text bound to the tenant setting.
     *
     * @return the canonical text (lower-case UUID, decimal number, or the text itself)
     */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TenantId)) {
            return false;
        }
        TenantId other = (TenantId) o;
        return type == other.type && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + text.hashCode();
    }

    /**
     * The type and the id.
     *
     * @return for example {@code uuid:7f1c...}
     */
    @Override
    public String toString() {
        return type.sqlType() + ":" + text;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
