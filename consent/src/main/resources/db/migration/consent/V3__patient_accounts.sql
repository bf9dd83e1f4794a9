-- Portable SQL for H2 2.x and PostgreSQL 15, as V1.

-- A patient's account, opened when they redeem their enrollment code: they sign in later with
-- the sign-in id shown to them then (random, never their pseudonym, name or record number) and
-- the passphrase they chose. Only an Argon2id hash of the passphrase is kept, in PHC string form
-- (algorithm, cost and salt included). failed_sign_ins counts consecutive failures; while
-- blocked_until is in the future no passphrase is even checked.
CREATE TABLE patient_account (
    sign_in_id       CHAR(12)     NOT NULL PRIMARY KEY,
    pseudonym        VARCHAR(32)  NOT NULL UNIQUE REFERENCES enrollment (pseudonym),
    passphrase_hash  VARCHAR(255) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_sign_ins  INTEGER      NOT NULL,
    blocked_until    TIMESTAMP WITH TIME ZONE,
    last_sign_in_at  TIMESTAMP WITH TIME ZONE,
    CHECK (failed_sign_ins >= 0)
);
