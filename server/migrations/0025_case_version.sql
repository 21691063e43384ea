-- A case's version: one more with every change to what it holds (its state,
-- notes, flags, links). A caseworker's form carries the version their page
-- showed; a write against an older one is refused (cases::bump).
ALTER TABLE referral ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
