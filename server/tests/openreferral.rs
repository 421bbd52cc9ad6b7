//! The Open Referral UK endpoints: every response is checked against JSON
//! Schemas written from the HSDS 3.0 UK profile (tests/openreferral/*.json),
//! filters and paging behave as the UK API describes, ids are stable
//! UUIDs, and bad parameters are 400s with a JSON body that write nothing.

mod common;

use common::{Session, TestApp};
use kith::domain::directory::identifiers::{record_uuid, Record};
use poem::http::StatusCode;
use poem::test::TestClient;
use serde_json::{json, Value};

const CREATE: &str = "mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishActivity(id: $id) { id } }";
const BASE: &str = "https://kith.invalid/openreferral/";

/// The schemas, loaded into one registry so their `$ref`s resolve offline.
struct Schemas {
    registry: jsonschema::Registry<'static>,
}

impl Schemas {
    fn load() -> Self {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openreferral");
        let mut resources = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let schema: Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                let id = schema["$id"].as_str().unwrap().to_string();
                assert_eq!(
                    id,
                    format!("{BASE}{}", path.file_name().unwrap().to_string_lossy()),
                    "each schema's $id names its file"
                );
                resources.push((id, schema));
            }
        }
        assert!(resources.len() >= 14, "schemas missing from {dir:?}");
        let mut registry = jsonschema::Registry::new();
        for (id, schema) in resources {
            registry = registry.add(id, schema).unwrap();
        }
        Schemas {
            registry: registry.prepare().unwrap(),
        }
    }

    /// The schema violations of `doc` against `name` (empty when it passes).
    fn errors(&self, name: &str, doc: &Value) -> Vec<String> {
        let validator = jsonschema::options()
            .with_registry(&self.registry)
            .should_validate_formats(true)
            .build(&json!({"$ref": format!("{BASE}{name}")}))
            .unwrap_or_else(|e| panic!("{name} does not build: {e}"));
        validator
            .iter_errors(doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    fn check(&self, name: &str, doc: &Value) {
        let errors = self.errors(name, doc);
        assert!(
            errors.is_empty(),
            "not a valid {name}: {errors:#?}\n{doc:#}"
        );
    }
}

fn client(app: &TestApp) -> TestClient<impl poem::Endpoint> {
    TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()))
}

/// GET a path; the status and the JSON body.
async fn get(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let resp = client(app).get(path).send().await;
    let status = resp.0.status();
    let ct = resp
        .0
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(ct.starts_with("application/json"), "{path}: {ct}");
    let text = resp.0.into_body().into_string().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}"));
    (status, body)
}

async fn activity(
    app: &TestApp,
    who: &Session,
    group: &str,
    fields: Value,
    publish: bool,
) -> String {
    let mut input = json!({"groupId": group});
    for (k, v) in fields.as_object().unwrap() {
        input[k] = v.clone();
    }
    let id = app.ok(Some(&who.access), CREATE, json!({"i": input})).await["createActivity"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    if publish {
        app.ok(Some(&who.access), PUBLISH, json!({"id": id})).await;
    }
    id
}

/// The numeric row id behind a global id.
fn row_id(global: &str) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID(global.to_string()))
        .unwrap()
        .1
}

/// The Open Referral id of an activity on the test instance.
fn service_uuid(global: &str) -> String {
    record_uuid(Record::Service, row_id(global), "http://kith.test").to_string()
}

struct World {
    ids: std::collections::HashMap<&'static str, String>,
}

/// A Peckham group (district SE15) with a weekly lunch club, a one-off
/// yoga class placed at the district centre and a monthly singing group;
/// a Brixton group with a fortnightly walk; a draft and a cancelled
/// activity that must never show. The clock: Monday 23 November 2026,
/// 09:00 UTC.
async fn world(app: &TestApp) -> World {
    let ann = app.register("ann@example.org", "Ann").await;
    let bob = app.register("bob@example.org", "Bob").await;
    let pals = app.create_group(&ann, "Peckham Pals", "OPEN").await;
    app.ok(
        Some(&ann.access),
        "mutation($id: ID!) { updateGroup(input: {id: $id, contactEmail: \"hello@peckham-pals.example\", description: \"Friendly faces in Peckham.\"}) { id } }",
        json!({"id": pals}),
    )
    .await;
    let walkers = app.create_group(&bob, "Brixton Walkers", "OPEN").await;
    app.ok(
        Some(&ann.access),
        "mutation($i: SetGroupPostcodeAreaInput!) { setGroupPostcodeArea(input: $i) { id } }",
        json!({"i": {"groupId": pals, "district": "SE15", "latitude": 51.47, "longitude": -0.065}}),
    )
    .await;
    let mut ids = std::collections::HashMap::new();
    ids.insert(
        "lunch",
        activity(
            app,
            &ann,
            &pals,
            json!({"title": "Tuesday lunch club", "description": "Soup and sandwiches.",
                   "category": "lunch club", "startsAt": "2026-11-24T12:00:00Z",
                   "endsAt": "2026-11-24T14:00:00Z", "recurrence": "FREQ=WEEKLY;BYDAY=TU",
                   "location": "Bellenden Road community hall",
                   "coordinates": {"latitude": 51.4745, "longitude": -0.069},
                   "accessibility": "Step-free; hearing loop.",
                   "costPence": 350, "minAge": 60}),
            true,
        )
        .await,
    );
    ids.insert(
        "yoga",
        activity(
            app,
            &ann,
            &pals,
            json!({"title": "Chair yoga", "description": "Gentle stretches.",
                   "category": "seated exercise", "startsAt": "2026-11-26T10:00:00Z",
                   "endsAt": "2026-11-26T11:00:00Z"}),
            true,
        )
        .await,
    );
    ids.insert(
        "singing",
        activity(
            app,
            &ann,
            &pals,
            json!({"title": "Singing for wellbeing", "description": "All voices welcome.",
                   "category": "singing", "startsAt": "2026-12-07T14:00:00Z",
                   "endsAt": "2026-12-07T15:30:00Z", "recurrence": "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270630T235959Z",
                   "coordinates": {"latitude": 51.468, "longitude": -0.07}, "minAge": 18, "maxAge": 99}),
            true,
        )
        .await,
    );
    ids.insert(
        "walk",
        activity(
            app,
            &bob,
            &walkers,
            json!({"title": "Fortnightly health walk", "description": "An hour round the common.",
                   "category": "bell ringing", "startsAt": "2026-11-25T10:00:00Z",
                   "endsAt": "2026-11-25T11:00:00Z", "recurrence": "FREQ=WEEKLY;INTERVAL=2",
                   "coordinates": {"latitude": 51.4613, "longitude": -0.1156}}),
            true,
        )
        .await,
    );
    ids.insert(
        "draft",
        activity(
            app,
            &ann,
            &pals,
            json!({"title": "Draft lunch", "category": "lunch club",
                   "startsAt": "2026-11-24T09:00:00Z", "endsAt": "2026-11-24T10:00:00Z",
                   "coordinates": {"latitude": 51.47, "longitude": -0.065}}),
            false,
        )
        .await,
    );
    let cancelled = activity(
        app,
        &ann,
        &pals,
        json!({"title": "Cancelled lunch", "category": "lunch club",
               "startsAt": "2026-11-24T15:00:00Z", "endsAt": "2026-11-24T16:00:00Z",
               "coordinates": {"latitude": 51.47, "longitude": -0.065}}),
        true,
    )
    .await;
    app.ok(
        Some(&ann.access),
        "mutation($id: ID!) { cancelActivity(id: $id, reason: \"Hall flooded.\") { status } }",
        json!({"id": cancelled}),
    )
    .await;
    ids.insert("cancelled", cancelled);
    World { ids }
}

fn names(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

async fn services_list_validates_and_pages(app: TestApp) {
    let schemas = Schemas::load();
    let w = world(&app).await;
    let (status, page) = get(&app, "/openreferral/services").await;
    assert_eq!(status, StatusCode::OK);
    schemas.check("services_page.json", &page);
    for item in page["contents"].as_array().unwrap() {
        schemas.check("service.json", item);
        schemas.check("organization.json", &item["organization"]);
    }
    assert_eq!(
        names(&page),
        [
            "Tuesday lunch club",
            "Chair yoga",
            "Singing for wellbeing",
            "Fortnightly health walk"
        ],
        "by id without a search; no draft, nothing cancelled"
    );
    assert_eq!(page["total_items"], 4);
    assert_eq!(page["total_pages"], 1);
    assert_eq!(page["page_number"], 1);
    assert_eq!(page["size"], 4);
    assert_eq!(page["first_page"], true);
    assert_eq!(page["last_page"], true);
    assert_eq!(page["empty"], false);
    let lunch = &page["contents"][0];
    assert_eq!(lunch["id"], service_uuid(&w.ids["lunch"]));
    assert_eq!(lunch["status"], "active");
    assert_eq!(lunch["email"], "hello@peckham-pals.example");
    assert_eq!(lunch["minimum_age"], 60);
    assert_eq!(lunch["organization"]["name"], "Peckham Pals");
    assert_eq!(
        lunch["organization"]["description"],
        "Friendly faces in Peckham."
    );
    assert_eq!(
        lunch["url"],
        format!(
            "http://kith.test/openreferral/services/{}",
            lunch["id"].as_str().unwrap()
        )
    );

    // Pages of one.
    let mut seen = Vec::new();
    for n in 1..=4 {
        let (status, p) = get(&app, &format!("/openreferral/services?per_page=1&page={n}")).await;
        assert_eq!(status, StatusCode::OK);
        schemas.check("services_page.json", &p);
        assert_eq!(p["total_items"], 4);
        assert_eq!(p["total_pages"], 4);
        assert_eq!(p["page_number"], n);
        assert_eq!(p["size"], 1);
        assert_eq!(p["first_page"], n == 1);
        assert_eq!(p["last_page"], n == 4);
        seen.extend(names(&p));
    }
    assert_eq!(seen, names(&page));
    // Past the last page: empty, still counted.
    let (status, p) = get(&app, "/openreferral/services?per_page=3&page=3").await;
    assert_eq!(status, StatusCode::OK);
    schemas.check("services_page.json", &p);
    assert_eq!(p["empty"], true);
    assert_eq!(p["size"], 0);
    assert_eq!(p["total_items"], 4);
    assert_eq!(p["total_pages"], 2);
    assert_eq!(p["last_page"], true);
    // Nothing matches.
    let (_, p) = get(&app, "/openreferral/services?text=zumba").await;
    schemas.check("services_page.json", &p);
    assert_eq!(
        (
            p["total_items"].clone(),
            p["empty"].clone(),
            p["total_pages"].clone()
        ),
        (json!(0), json!(true), json!(0))
    );
}

async fn filters_follow_the_uk_api(app: TestApp) {
    let schemas = Schemas::load();
    let _w = world(&app).await;
    let (_, tax) = get(&app, "/openreferral/taxonomies").await;
    let terms = tax["contents"][0]["taxonomy_terms"]
        .as_array()
        .unwrap()
        .clone();
    let term = |code: &str| {
        terms
            .iter()
            .find(|t| t["code"] == code)
            .unwrap_or_else(|| panic!("no term {code}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let taxonomy_id = tax["contents"][0]["id"].as_str().unwrap().to_string();
    let cases: Vec<(String, Vec<&str>)> = vec![
        ("text=LUNCH".into(), vec!["Tuesday lunch club"]),
        ("search=stretches".into(), vec!["Chair yoga"]),
        (
            "text=peckham".into(),
            vec!["Tuesday lunch club", "Chair yoga", "Singing for wellbeing"],
        ),
        (
            format!("taxonomy_term_id={}", term("lunch-club")),
            vec!["Tuesday lunch club"],
        ),
        (
            format!("taxonomy_term_id={}", term("music-singing")),
            vec!["Singing for wellbeing"],
        ),
        // "bell ringing" is not a category any term names.
        (
            format!("taxonomy_term_id={}", term("other")),
            vec!["Fortnightly health walk"],
        ),
        (
            format!("taxonomy_id={}", term("physical-activity")),
            vec!["Chair yoga"],
        ),
        (
            format!("taxonomy_id={taxonomy_id}"),
            vec![
                "Tuesday lunch club",
                "Chair yoga",
                "Singing for wellbeing",
                "Fortnightly health walk",
            ],
        ),
        // Nearest first from the SE15 centre, within 2 km.
        (
            "postcode=SE15%205DQ&proximity=2000".into(),
            vec!["Chair yoga", "Singing for wellbeing", "Tuesday lunch club"],
        ),
        (
            "lat=51.47&lng=-0.065&proximity=2000".into(),
            vec!["Chair yoga", "Singing for wellbeing", "Tuesday lunch club"],
        ),
        // Without proximity: everything, nearest first.
        (
            "lat=51.4613&lng=-0.1156".into(),
            vec![
                "Fortnightly health walk",
                "Singing for wellbeing",
                "Tuesday lunch club",
                "Chair yoga",
            ],
        ),
        ("day=TU".into(), vec!["Tuesday lunch club"]),
        ("day=wednesday".into(), vec!["Fortnightly health walk"]),
        ("day=MO".into(), vec!["Singing for wellbeing"]),
        // Youngest age at least 18; oldest age at most 99.
        (
            "minimum_age=18".into(),
            vec!["Tuesday lunch club", "Singing for wellbeing"],
        ),
        ("minimum_age=61".into(), vec![]),
        ("maximum_age=99".into(), vec!["Singing for wellbeing"]),
        (
            "text=lunch&postcode=se15&proximity=1000&day=TU&minimum_age=60".into(),
            vec!["Tuesday lunch club"],
        ),
    ];
    for (query, want) in cases {
        let (status, p) = get(&app, &format!("/openreferral/services?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {p}");
        schemas.check("services_page.json", &p);
        assert_eq!(names(&p), want, "{query}");
        assert_eq!(p["total_items"], want.len(), "{query}");
    }
}

async fn one_service_fully_nested(app: TestApp) {
    let schemas = Schemas::load();
    let w = world(&app).await;
    let id = service_uuid(&w.ids["lunch"]);
    let (status, s) = get(&app, &format!("/openreferral/services/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    schemas.check("service.json", &s);
    for (key, schema) in [
        ("schedules", "schedule.json"),
        ("service_at_locations", "service_at_location.json"),
        ("contacts", "contact.json"),
        ("cost_options", "cost_option.json"),
        ("attributes", "attribute.json"),
    ] {
        let items = s[key].as_array().unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(items.len(), 1, "{key}");
        schemas.check(schema, &items[0]);
    }
    schemas.check("organization.json", &s["organization"]);
    let location = &s["service_at_locations"][0]["location"];
    schemas.check("location.json", location);
    schemas.check("taxonomy_term.json", &s["attributes"][0]["taxonomy_term"]);
    assert_eq!(s["id"], id);
    assert_eq!(s["name"], "Tuesday lunch club");
    assert_eq!(s["fees_description"], "£3.50 each time");
    assert_eq!(s["eligibility_description"], "Ages 60 and over");
    assert_eq!(s["last_modified"], "2026-11-23T09:00:00.000Z");
    let schedule = &s["schedules"][0];
    assert_eq!(schedule["service_id"], id);
    assert_eq!(schedule["freq"], "WEEKLY");
    assert_eq!(schedule["interval"], 1);
    assert_eq!(schedule["byday"], "TU");
    assert_eq!(schedule["dtstart"], "2026-11-24");
    assert_eq!(schedule["valid_from"], "2026-11-24");
    assert_eq!(schedule["opens_at"], "12:00+00:00");
    assert_eq!(schedule["closes_at"], "14:00+00:00");
    assert!(schedule["description"]
        .as_str()
        .unwrap()
        .contains("RRULE:FREQ=WEEKLY;BYDAY=TU"));
    assert!(schedule.get("valid_to").is_none(), "it has no end");
    assert_eq!(s["cost_options"][0]["amount"], 3.5, "pounds, not pence");
    assert_eq!(s["cost_options"][0]["currency"], "GBP");
    assert_eq!(s["contacts"][0]["email"], "hello@peckham-pals.example");
    assert_eq!(s["contacts"][0]["name"], "Peckham Pals");
    assert_eq!(location["name"], "Bellenden Road community hall");
    assert_eq!(location["latitude"], 51.4745);
    assert_eq!(location["longitude"], -0.069);
    assert_eq!(
        location["accessibility"][0]["description"],
        "Step-free; hearing loop."
    );
    assert_eq!(s["attributes"][0]["taxonomy_term"]["code"], "lunch-club");
    assert_eq!(s["attributes"][0]["link_id"], id);
    // The same ids every time.
    let (_, again) = get(
        &app,
        &format!("/openreferral/services/{}", id.to_uppercase()),
    )
    .await;
    assert_eq!(again, s);

    // A one-off placed at its group's district centre, free, no age limits.
    let (status, yoga) = get(
        &app,
        &format!("/openreferral/services/{}", service_uuid(&w.ids["yoga"])),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    schemas.check("service.json", &yoga);
    let loc = &yoga["service_at_locations"][0]["location"];
    schemas.check("location.json", loc);
    assert_eq!(
        (loc["latitude"].clone(), loc["longitude"].clone()),
        (json!(51.47), json!(-0.065))
    );
    assert!(loc["description"].as_str().unwrap().contains("SE15"));
    let sch = &yoga["schedules"][0];
    assert!(sch.get("freq").is_none(), "a one-off has no frequency");
    assert_eq!(sch["valid_from"], "2026-11-26");
    assert_eq!(sch["valid_to"], "2026-11-26");
    assert_eq!(yoga["cost_options"][0]["amount"], 0.0);
    assert_eq!(yoga["fees_description"], "Free");
    assert!(yoga.get("minimum_age").is_none());
    assert_eq!(
        yoga["attributes"][0]["taxonomy_term"]["code"],
        "physical-activity"
    );

    // Monthly on the first Monday until the end of June 2027; a group with
    // no contact email has no contacts.
    let (_, singing) = get(
        &app,
        &format!("/openreferral/services/{}", service_uuid(&w.ids["singing"])),
    )
    .await;
    schemas.check("service.json", &singing);
    let sch = &singing["schedules"][0];
    schemas.check("schedule.json", sch);
    assert_eq!(sch["freq"], "MONTHLY");
    assert_eq!(sch["byday"], "1MO");
    assert_eq!(
        sch["until"], "2027-07-01",
        "23:59:59 UTC on 30 June is 1 July in London"
    );
    assert_eq!(sch["valid_to"], "2027-07-01");
    let (_, walk) = get(
        &app,
        &format!("/openreferral/services/{}", service_uuid(&w.ids["walk"])),
    )
    .await;
    schemas.check("service.json", &walk);
    let sch = &walk["schedules"][0];
    assert_eq!(
        (
            sch["freq"].clone(),
            sch["interval"].clone(),
            sch["byday"].clone()
        ),
        (json!("WEEKLY"), json!(2), json!("WE"))
    );
    assert_eq!(walk["contacts"], json!([]));
    assert_eq!(walk["attributes"][0]["taxonomy_term"]["code"], "other");
}

async fn taxonomies_validate(app: TestApp) {
    let schemas = Schemas::load();
    let (status, page) = get(&app, "/openreferral/taxonomies").await;
    assert_eq!(status, StatusCode::OK);
    schemas.check("taxonomies_page.json", &page);
    assert_eq!(page["total_items"], 1);
    let taxonomy = &page["contents"][0];
    schemas.check("taxonomy.json", taxonomy);
    let terms = taxonomy["taxonomy_terms"].as_array().unwrap();
    assert!(terms.len() >= 10);
    for t in terms {
        schemas.check("taxonomy_term.json", t);
        assert_eq!(t["taxonomy_id"], taxonomy["id"]);
    }
    let mut codes: Vec<&str> = terms.iter().map(|t| t["code"].as_str().unwrap()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), terms.len(), "codes are unique");
    let id = taxonomy["id"].as_str().unwrap();
    let (status, one) = get(&app, &format!("/openreferral/taxonomies/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&one, taxonomy);
    // Stable ids: the same on another instance.
    let other = TestApp::new(app.backend).await;
    let (_, again) = get(&other, "/openreferral/taxonomies").await;
    assert_eq!(again, page);
    let (status, empty) = get(&app, "/openreferral/taxonomies?page=2").await;
    assert_eq!(status, StatusCode::OK);
    schemas.check("taxonomies_page.json", &empty);
    assert_eq!(empty["empty"], true);
}

async fn bad_parameters_and_unknown_ids(app: TestApp) {
    let w = world(&app).await;
    let before = app.snapshot();
    let areas = app.count("postcode_areas");
    let random = "0b6a0a4e-2f3c-4c0e-9a51-7d1c3f1f2b9a";
    for (query, field) in [
        ("page=0", "page"),
        ("page=-3", "page"),
        ("page=two", "page"),
        ("per_page=1000", "per_page"),
        ("per_page=0", "per_page"),
        ("per_page=ten", "per_page"),
        ("lat=95&lng=0", "lat"),
        ("lat=51.5&lng=200", "lng"),
        ("lat=abc&lng=0", "lat"),
        ("lat=51.5", "lng"),
        ("lng=-0.1", "lat"),
        ("lat=51.5&lng=-0.1&postcode=SE15", "postcode"),
        ("postcode=NOTAPOSTCODE", "postcode"),
        ("postcode=E1%206AN", "postcode"),
        ("postcode=SE15&proximity=-5", "proximity"),
        ("postcode=SE15&proximity=900000", "proximity"),
        ("postcode=SE15&proximity=far", "proximity"),
        ("proximity=1000", "proximity"),
        (
            "taxonomy_id=0b6a0a4e-2f3c-4c0e-9a51-7d1c3f1f2b9a",
            "taxonomy_id",
        ),
        ("taxonomy_id=lunch", "taxonomy_id"),
        (
            "taxonomy_term_id=0b6a0a4e-2f3c-4c0e-9a51-7d1c3f1f2b9a",
            "taxonomy_term_id",
        ),
        ("day=someday", "day"),
        ("minimum_age=200", "minimum_age"),
        ("maximum_age=-1", "maximum_age"),
        ("minimum_age=sixty", "minimum_age"),
    ] {
        let (status, body) = get(&app, &format!("/openreferral/services?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["code"], "VALIDATION", "{query}");
        assert_eq!(body["field"], field, "{query}: {body}");
        let message = body["message"].as_str().unwrap();
        assert!(message.len() > 10 && !message.contains("SQL"), "{message}");
    }
    let (status, body) = get(&app, "/openreferral/taxonomies?per_page=1000").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "per_page");
    // Unknown, malformed, draft and cancelled ids are all simply not found.
    for id in [
        random.to_string(),
        "42".to_string(),
        "not-a-uuid".to_string(),
        service_uuid(&w.ids["draft"]),
        service_uuid(&w.ids["cancelled"]),
        record_uuid(
            Record::Organization,
            row_id(&w.ids["lunch"]),
            "http://kith.test",
        )
        .to_string(),
        record_uuid(
            Record::Service,
            row_id(&w.ids["lunch"]),
            "http://another.test",
        )
        .to_string(),
    ] {
        let (status, body) = get(&app, &format!("/openreferral/services/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}: {body}");
        assert_eq!(body["code"], "NOT_FOUND");
    }
    let (status, _) = get(&app, &format!("/openreferral/taxonomies/{random}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.snapshot(), before, "reading writes nothing");
    assert_eq!(app.count("postcode_areas"), areas);
}

async fn services_that_end_leave_the_directory(app: TestApp) {
    let w = world(&app).await;
    let id = service_uuid(&w.ids["yoga"]);
    let (status, _) = get(&app, &format!("/openreferral/services/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    // The one-off yoga class is over by Friday.
    app.state.clock.advance(chrono::Duration::days(4));
    let (status, _) = get(&app, &format!("/openreferral/services/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = get(&app, "/openreferral/services").await;
    assert!(!names(&page).contains(&"Chair yoga".to_string()));
    assert_eq!(page["total_items"], 3);
}

#[test]
fn the_schemas_reject_what_the_profile_forbids() {
    let schemas = Schemas::load();
    let good = json!({
        "id": "3f7b145d-84af-42d7-8fae-eaca714b02b2",
        "name": "Lunch club",
        "status": "active",
        "url": "https://example.org/lunch",
        "schedules": [{"id": "48102e86-bb50-41c4-8f1e-e269368c41d1", "freq": "WEEKLY", "byday": "TU", "opens_at": "10:00+01:00"}],
    });
    assert!(schemas.errors("service.json", &good).is_empty());
    let broken = |path: &[&str], value: Value| {
        let mut doc = good.clone();
        let mut at = &mut doc;
        for (i, key) in path.iter().enumerate() {
            if i + 1 == path.len() {
                if value.is_null() {
                    at.as_object_mut().unwrap().remove(*key);
                } else {
                    at[*key] = value.clone();
                }
            } else if let Ok(n) = key.parse::<usize>() {
                at = &mut at[n];
            } else {
                at = &mut at[*key];
            }
        }
        doc
    };
    for (path, value) in [
        (vec!["url"], Value::Null),
        (vec!["name"], Value::Null),
        (vec!["status"], json!("open")),
        (vec!["id"], json!("42")),
        (vec!["url"], json!("not a url")),
        (vec!["minimum_age"], json!("60")),
        (vec!["email"], json!("nobody")),
        (vec!["schedules", "0", "freq"], json!("DAILY")),
        (vec!["schedules", "0", "byday"], json!("Tuesday")),
        (vec!["schedules", "0", "opens_at"], json!("10am")),
        (vec!["schedules", "0", "id"], Value::Null),
    ] {
        let doc = broken(&path, value.clone());
        assert!(
            !schemas.errors("service.json", &doc).is_empty(),
            "{path:?} = {value} passed"
        );
    }
    assert!(!schemas
        .errors("page.json", &json!({"total_items": 1, "contents": []}))
        .is_empty());
    assert!(!schemas
        .errors("taxonomy_term.json", &json!({"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "name": "x", "description": "y"}))
        .is_empty(), "the UK profile requires `taxonomy`");
    assert!(!schemas
        .errors("location.json", &json!({"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "location_type": "physical", "latitude": 95}))
        .is_empty());
}

both_backends!(
    services_list_validates_and_pages,
    filters_follow_the_uk_api,
    one_service_fully_nested,
    taxonomies_validate,
    bad_parameters_and_unknown_ids,
    services_that_end_leave_the_directory,
);
