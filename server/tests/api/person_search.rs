//! Person search over HTTP, on both databases: by name (any order, from the
//! start of each name), date of birth, Home Office reference and phone, all
//! of what is given; refused clearly; restricted cases shown only by
//! reference; every search on record.

use crate::casework::a_case_about;
use crate::common::{first_problem, page_as, staff_sign_in, TestApp};

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

const ARBEN: &str = "NRM-1999-000801";
const ANA: &str = "NRM-1999-000802";
const OTHER: &str = "NRM-1999-000803";

/// The references a search's page lists, in order.
fn found(page: &str) -> Vec<String> {
    page.split(r#"<a href="/casework/cases/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|r| r.starts_with("NRM-1999-0008"))
        .map(str::to_owned)
        .collect()
}

on_both_databases!(
    a_person_is_found_by_what_is_known_of_them,
    with_demo,
    |app: TestApp| async move {
        let now = server::platform::clock::now_seconds();
        let arben = [
            ("fr-location", "england"),
            ("pv-ho-reference-type", "B12-345 678"),
            ("pv-phone-number-alternative", "+44 7700 900123"),
        ];
        a_case_about(
            &app,
            ARBEN,
            now - 60,
            "2099-01-05",
            &arben,
            ("Arben Hoxha", "1990-04-02"),
        )
        .await;
        a_case_about(
            &app,
            ANA,
            now,
            "2099-01-05",
            &[("fr-location", "england")],
            ("Ana Hoxhaj", "1985-11-30"),
        )
        .await;
        a_case_about(
            &app,
            OTHER,
            now,
            "2099-01-05",
            &[("fr-location", "england")],
            ("Li Ng", ""),
        )
        .await;
        // Every case is indexed as it arrives (the demo's generated ones too).
        let (indexed, cases): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(DISTINCT referral_id) FROM person_term), \
             (SELECT COUNT(*) FROM referral WHERE nationality <> '')",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(indexed, cases);
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let search = |query: &'static str| {
            let (app, caseworker) = (&app, caseworker.clone());
            async move { page_as(app, &caseworker, &format!("/casework/search?{query}")).await }
        };

        // Names: from the start of each word, in any order, any capitals;
        // newest first.
        assert_eq!(found(&search("name=hox").await), [ANA, ARBEN]);
        assert_eq!(found(&search("name=HOXHA+arben").await), [ARBEN]);
        assert_eq!(
            found(&search("name=ng").await),
            [OTHER],
            "a 2-letter name, whole"
        );
        assert_eq!(found(&search("name=hoxhaa").await), Vec::<String>::new());
        assert!(search("name=zzzz").await.contains("No case matches."));
        // Everything given must match.
        let by_dob = search("dob-day=2&dob-month=4&dob-year=1990").await;
        assert_eq!(found(&by_dob), [ARBEN]);
        assert!(by_dob.contains("Arben Hoxha") && by_dob.contains("2 April 1990"));
        assert_eq!(
            found(&search("name=ana&dob-day=2&dob-month=4&dob-year=1990").await),
            Vec::<String>::new()
        );
        assert_eq!(found(&search("ho-reference=b12+345678").await), [ARBEN]);
        assert_eq!(found(&search("phone=07700+900+123").await), [ARBEN]);

        // Refused clearly, keeping what was typed.
        let refused = search("name=a+hoxha").await;
        assert_eq!(
            first_problem(&refused),
            "#name Enter at least 2 letters of each name"
        );
        assert!(refused.contains(r#"value="a hoxha""#));
        assert_eq!(
            first_problem(&search("name=&dob-day=31&dob-month=2&dob-year=19").await),
            "#dob-day Date of birth must be a real date, like 27 3 2007"
        );

        // A restricted case is listed by its reference alone.
        sqlx::query("UPDATE referral SET restricted = 1 WHERE reference = $1")
            .bind(ARBEN)
            .execute(app.db.pool())
            .await
            .unwrap();
        let masked = search("name=hoxha+arben").await;
        assert_eq!(found(&masked), [ARBEN]);
        let row = masked.split("<tr").find(|row| row.contains(ARBEN)).unwrap();
        assert!(
            !row.contains("Arben Hoxha") && row.contains("Restricted"),
            "{row}"
        );

        // On record: by what, and how many, never the values.
        let logged: Vec<String> = sqlx::query_scalar(
            "SELECT detail FROM audit_log WHERE action = 'people-searched' AND actor = $1 ORDER BY seq",
        )
        .bind(CASEWORKER)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let hox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM person_term WHERE term = 'n:hox'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(logged.first(), Some(&format!("by name; {hox} found")));
        assert!(logged.iter().all(|d| !d.contains("hox")));
    }
);

on_both_databases!(
    the_queues_search_box_finds_a_name_by_its_words_and_a_reference,
    |app: TestApp| async move {
        use server::casework::cases::{queue, queue_reading_names, QueueFilter};
        let now = server::platform::clock::now_seconds();
        let england = [("fr-location", "england"), ("pv-under-age", "no")];
        for (reference, name) in [
            (ARBEN, "Arben Hoxha"),
            (ANA, "Ana Hoxha-Marku"),
            (OTHER, "Jo Smith"),
        ] {
            a_case_about(&app, reference, now, "2099-01-05", &england, (name, "")).await;
        }
        // A name is read by its cases' ids when few hold it, and case by case
        // when many do (here: when more than none do): both find the same.
        for rare_name in [server::casework::cases::NAME_COUNT_CAP, 0] {
            let search = |text: &str| {
                let filter = QueueFilter {
                    search: Some(text.to_owned()),
                    ..Default::default()
                };
                let (db, text) = (app.db.clone(), text.to_owned());
                async move {
                    let page = queue_reading_names(&db, &filter, rare_name).await.unwrap();
                    let mut found: Vec<String> =
                        page.rows.into_iter().map(|row| row.reference).collect();
                    found.sort();
                    assert_eq!(page.total, found.len() as i64, "{text}: the count");
                    found
                }
            };
            // Each word from its start, in any order, whatever the case and accents.
            assert_eq!(search("hox").await, [ARBEN, ANA]);
            assert_eq!(search("HOXHA arb").await, [ARBEN]);
            assert_eq!(search("marku").await, [ANA]);
            assert_eq!(
                search("oxha").await,
                Vec::<String>::new(),
                "not from the middle"
            );
            // A reference whole, or part of one.
            assert_eq!(search(&OTHER.to_lowercase()).await, [OTHER]);
            assert_eq!(search("1999-00080").await, [ARBEN, ANA, OTHER]);
            assert_eq!(search("b").await, Vec::<String>::new());
        }
        // A search is counted with the other filters.
        let children = QueueFilter {
            search: Some("hoxha".to_owned()),
            adult_or_child: Some("Child".to_owned()),
            ..Default::default()
        };
        assert_eq!(
            queue_reading_names(&app.db, &children, 0)
                .await
                .unwrap()
                .total,
            0
        );
        assert_eq!(queue(&app.db, &children).await.unwrap().total, 0);

        // A common name's count stops at 100 ("more than 100 open cases
        // match"); read by its cases' ids, the same name is counted whole.
        let many: Vec<_> = (0..101)
            .map(|n| {
                crate::common::new_referral(
                    &format!("NRM-1998-{n:06}"),
                    now - n,
                    &england,
                    ("Mira Kola", ""),
                )
            })
            .collect();
        server::casework::cases::intake::receive_many(&app.db, &many)
            .await
            .unwrap();
        let kola = QueueFilter {
            search: Some("kola".to_owned()),
            ..Default::default()
        };
        let common = queue_reading_names(&app.db, &kola, 0).await.unwrap();
        assert_eq!((common.total, common.exact), (100, false));
        assert_eq!(common.rows.len(), 25, "a page of them");
        let rare = queue_reading_names(&app.db, &kola, 1_000).await.unwrap();
        assert_eq!((rare.total, rare.exact), (101, true));

        // A name found common is remembered so, and its holders are not
        // counted again: when one case no longer holds it (redacted), the
        // 100 left are read as a common name's, and still found and
        // counted rightly, as the rare name's way counts them.
        let first = queue_reading_names(&app.db, &kola, 100).await.unwrap();
        assert_eq!((first.total, first.exact), (100, false));
        sqlx::query(
            "DELETE FROM person_term WHERE referral_id = \
             (SELECT id FROM referral WHERE reference = 'NRM-1998-000000')",
        )
        .execute(app.db.pool())
        .await
        .unwrap();
        let again = queue_reading_names(&app.db, &kola, 100).await.unwrap();
        assert_eq!((again.total, again.exact), (100, true));
        assert_eq!(again.rows.len(), 25);
        let forgotten = queue_reading_names(&app.db, &kola, 1_000).await.unwrap();
        assert_eq!((forgotten.total, forgotten.exact), (100, true));
        let mut shown = Vec::new();
        for page in 0..5 {
            let filter = QueueFilter {
                start: server::casework::cases::paging::Start::Page(page),
                ..kola.clone()
            };
            let page = queue_reading_names(&app.db, &filter, 100).await.unwrap();
            shown.extend(page.rows.into_iter().map(|r| r.reference));
        }
        assert_eq!(shown.len(), 100, "every holder, page by page");
        assert!(!shown.contains(&"NRM-1998-000000".to_owned()));
    }
);

on_both_databases!(
    the_queue_passes_over_cases_by_their_name_bits_and_never_over_one_not_worked_out,
    |app: TestApp| async move {
        use app::casework::person_search::{name_bits, NAME_BITS_UNKNOWN};
        use server::casework::cases::{queue_reading_names, QueueFilter};
        use server::casework::person_search::fill_name_bits;
        let now = server::platform::clock::now_seconds();
        let england = [("fr-location", "england"), ("pv-under-age", "no")];
        a_case_about(
            &app,
            ARBEN,
            now,
            "2099-01-05",
            &england,
            ("Arben Hoxha", ""),
        )
        .await;
        let found = |rare_name: i64| {
            let filter = QueueFilter {
                search: Some("hoxha".to_owned()),
                ..Default::default()
            };
            let db = app.db.clone();
            async move {
                let page = queue_reading_names(&db, &filter, rare_name).await.unwrap();
                page.rows.len()
            }
        };
        let set_bits = |bits: i64| {
            let db = app.db.clone();
            async move {
                sqlx::query("UPDATE referral SET name_bits = $1 WHERE reference = $2")
                    .bind(bits)
                    .bind(ARBEN)
                    .execute(db.pool())
                    .await
                    .unwrap();
            }
        };
        let stored_bits = || {
            let db = app.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT name_bits FROM referral WHERE reference = $1")
                    .bind(ARBEN)
                    .fetch_one(db.pool())
                    .await
                    .unwrap()
            }
        };
        // What the migration gives the cases already there: unknown bits.
        let default = match app.db.kind() {
            server::platform::db::DbKind::Sqlite => {
                "SELECT dflt_value FROM pragma_table_info('referral') WHERE name = 'name_bits'"
            }
            server::platform::db::DbKind::Postgres => {
                "SELECT column_default FROM information_schema.columns \
                 WHERE table_name = 'referral' AND column_name = 'name_bits'"
            }
        };
        let default: String = sqlx::query_scalar(default)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        // PostgreSQL writes it as `'9223372036854775807'::bigint`.
        let digits = default.trim_matches(|c: char| !c.is_ascii_digit());
        assert_eq!(digits.parse::<i64>(), Ok(NAME_BITS_UNKNOWN), "{default}");
        // Received with its bits, and found by a common name's reading.
        assert_eq!(stored_bits().await, name_bits("arben hoxha"));
        assert_eq!((found(0).await, found(1_000).await), (1, 1));
        // Bits without the word's: a common name's reading passes over it
        // (a rare name's reads its cases by id, without the bits).
        set_bits(0).await;
        assert_eq!((found(0).await, found(1_000).await), (0, 1));
        // A case received before bits were kept holds every bit and is
        // checked by its terms until they are worked out.
        set_bits(NAME_BITS_UNKNOWN).await;
        assert_eq!(found(0).await, 1);
        assert!(fill_name_bits(&app.db).await.unwrap() >= 1);
        assert_eq!(stored_bits().await, name_bits("arben hoxha"));
        assert_eq!(found(0).await, 1);
        assert_eq!(fill_name_bits(&app.db).await.unwrap(), 0, "once");
    }
);

on_both_databases!(
    a_whole_name_is_found_through_the_pair_of_its_words,
    with_demo,
    |app: TestApp| async move {
        use server::casework::cases::{queue_reading_names, QueueFilter};
        let now = server::platform::clock::now_seconds();
        let england = [("fr-location", "england"), ("pv-under-age", "no")];
        const BESNIK: &str = "NRM-1999-000804";
        const SMITH: &str = "NRM-1999-000805";
        const MANY: &str = "NRM-1999-000806";
        for (n, (reference, name)) in [
            (ARBEN, "Arben Hoxha"),
            (BESNIK, "Besnik Hoxha"),
            (SMITH, "Arben Smith"),
            // 13 words beginning differently: too many to pair.
            (MANY, "Arben Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Hoxha"),
        ]
        .into_iter()
        .enumerate()
        {
            a_case_about(
                &app,
                reference,
                now - 100 + n as i64,
                "2099-01-05",
                &england,
                (name, ""),
            )
            .await;
        }
        // A value typed at any length is kept by its beginning: more than an
        // index entry may hold on PostgreSQL is still received, and found.
        let long_reference = "B".repeat(3_000);
        // A name word of 15,000 letters that do not repeat: too long for an
        // index entry even compressed (as "mmm…" would be).
        let long_word: String = std::iter::once('m')
            .chain(
                std::iter::successors(Some(1_u64), |state| {
                    Some(
                        state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407),
                    )
                })
                .skip(1)
                .take(15_000)
                .map(|state| char::from(b'a' + u8::try_from((state >> 33) % 26).unwrap())),
            )
            .collect();
        let long_name = format!("{long_word} Kola");
        a_case_about(
            &app,
            OTHER,
            now,
            "2099-01-05",
            &[
                ("fr-location", "england"),
                ("pv-under-age", "no"),
                ("pv-ho-reference-type", &long_reference),
            ],
            (&long_name, ""),
        )
        .await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let search = |query: String| {
            let (app, caseworker) = (&app, caseworker.clone());
            async move { found(&page_as(app, &caseworker, &format!("/casework/search?{query}")).await) }
        };
        let queue = |text: &str, rare_name: i64| {
            let filter = QueueFilter {
                search: Some(text.to_owned()),
                ..Default::default()
            };
            let db = app.db.clone();
            async move {
                let page = queue_reading_names(&db, &filter, rare_name).await.unwrap();
                assert_eq!(page.total, page.rows.len() as i64);
                page.rows
                    .into_iter()
                    .map(|row| row.reference)
                    .collect::<Vec<_>>()
            }
        };
        let check = || async {
            // In any order, by whole words or beginnings; the case whose name
            // is too long to pair too; newest first.
            for name in ["hoxha+arben", "arb+hox", "Arben+HOXHA"] {
                assert_eq!(
                    search(format!("name={name}")).await,
                    [MANY, ARBEN],
                    "{name}"
                );
            }
            assert_eq!(search("name=besnik+hoxha".into()).await, [BESNIK]);
            assert_eq!(search("name=arben+smith".into()).await, [SMITH]);
            assert_eq!(search("name=arben+zzz".into()).await, Vec::<String>::new());
            for rare_name in [server::casework::cases::NAME_COUNT_CAP, 0] {
                let mut hits = queue("hoxha arben", rare_name).await;
                hits.sort();
                assert_eq!(
                    hits,
                    [ARBEN, MANY],
                    "queue, names read as rare below {rare_name}"
                );
            }
            assert_eq!(
                search(format!("ho-reference={long_reference}")).await,
                [OTHER]
            );
            let word = &long_word[..40];
            assert_eq!(search(format!("name={word}+kola")).await, [OTHER]);
            assert_eq!(
                search(format!("name={}+kol", &long_word[..3])).await,
                [OTHER]
            );
        };
        check().await;

        // Cases received before pairs were kept get them when the server
        // starts (migration 0035 marks them; `derive_missing` makes them).
        sqlx::query("DELETE FROM person_term WHERE term LIKE 'b:%'")
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_eq!(
            search("name=hoxha+arben".into()).await,
            Vec::<String>::new()
        );
        let migration: String = include_str!("../../migrations/0035_name_pairs.sql")
            .lines()
            .filter(|line| !line.starts_with("--"))
            .collect();
        sqlx::query(sqlx::AssertSqlSafe(migration))
            .execute(app.db.pool())
            .await
            .unwrap();
        server::casework::cases::intake::derive_missing(&app.db)
            .await
            .unwrap();
        check().await;
    }
);
