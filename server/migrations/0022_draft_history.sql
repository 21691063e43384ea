-- Answers replaced by newer ones when steps a phone saved without a signal
-- reached the server (a JSON array; see app::journey::offline::Replaced).
ALTER TABLE draft ADD COLUMN history TEXT NOT NULL DEFAULT '[]';
