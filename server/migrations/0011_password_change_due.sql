-- A password an administrator set (a new account's first one) must be
-- replaced by its owner before the casework desk opens to them.
ALTER TABLE user_account ADD COLUMN password_change_due INTEGER NOT NULL DEFAULT 0;
