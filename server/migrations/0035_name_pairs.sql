-- Person search keeps each two words of a name as a pair of their first
-- letters ("b:arb hox", app::casework::person_search), so that a search by a
-- whole name reads only the cases with both. The cases received before this
-- have their terms made again when the server starts
-- (cases::intake::derive_missing, which adds what is missing): those whose
-- folded name has two words or more.
UPDATE referral SET terms_set = 0 WHERE pv_name_key LIKE '% %';
