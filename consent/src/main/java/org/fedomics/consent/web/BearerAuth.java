package org.fedomics.consent.web;

/** Authenticates a person from an {@code Authorization: Bearer} header; the result is their subject. */
@FunctionalInterface
public interface BearerAuth {
    ServiceResult<String> subject(String authorizationHeader);
}
