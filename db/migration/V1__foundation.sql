-- Foundation: patients, treatment sessions, vital-sign readings and adverse events.
-- Every table carries clinic_id: the clinic is the tenant and every query is scoped by it.
-- Value limits here are the *impossible* limits (the API rejects them with 400 first);
-- abnormal-but-possible values are stored and left to the rules.

create table patient (
    id                 uuid        primary key,
    clinic_id          text        not null check (length(clinic_id) between 1 and 64),
    mrn                text        not null check (length(mrn) between 1 and 64),
    display_name       text        not null check (length(display_name) between 1 and 200),
    birth_year         smallint    check (birth_year between 1900 and 2100),
    weight_kg          numeric(5, 2) check (weight_kg between 0.5 and 400),
    risk_factors       text[]      not null default '{}' check (risk_factors <@ array[
                           'SUBSTANCE_USE_HISTORY', 'HYPERTENSION', 'CARDIOVASCULAR_DISEASE',
                           'CEREBROVASCULAR_DISEASE', 'RESPIRATORY_DISEASE', 'PSYCHOSIS_HISTORY',
                           'BLADDER_DISEASE', 'RENAL_IMPAIRMENT', 'HEPATIC_IMPAIRMENT', 'PREGNANCY']),
    contraindications  text[]      not null default '{}' check (contraindications <@ array[
                           'ANEURYSMAL_VASCULAR_DISEASE', 'ARTERIOVENOUS_MALFORMATION',
                           'INTRACEREBRAL_HEMORRHAGE', 'HYPERSENSITIVITY']),
    created_at         timestamptz not null,
    constraint patient_mrn_unique unique (clinic_id, mrn)
);

create table treatment_session (
    id                          uuid          primary key,
    clinic_id                   text          not null check (length(clinic_id) between 1 and 64),
    patient_id                  uuid          not null references patient (id),
    drug                        text          not null check (drug in ('KETAMINE', 'ESKETAMINE')),
    route                       text          not null check (route in ('IV', 'IM', 'INTRANASAL')),
    indication                  text          not null check (indication in ('TRD', 'PTSD', 'ANXIETY', 'OCD', 'CHRONIC_PAIN', 'OTHER')),
    planned_dose_amount         numeric(8, 3) check (planned_dose_amount > 0),
    planned_dose_unit           text          check (planned_dose_unit in ('MG', 'MG_PER_KG')),
    planned_duration_minutes    integer       check (planned_duration_minutes between 1 and 480),
    lot_number                  text          check (length(lot_number) <= 64),
    nurse                       text          check (length(nurse) <= 100),
    prescriber                  text          check (length(prescriber) <= 100),
    prescriber_on_site          boolean       not null,
    status                      text          not null check (status in ('PLANNED', 'DOSING', 'OBSERVATION', 'DISCHARGED', 'ABORTED')),
    created_at                  timestamptz   not null,
    dosing_started_at           timestamptz,
    dosing_ended_at             timestamptz,
    administered_dose_mg        numeric(8, 3) check (administered_dose_mg >= 0),
    discharged_at               timestamptz,
    discharge_override          boolean       not null default false,
    discharge_override_reason   text          check (length(discharge_override_reason) <= 1000),
    aborted_at                  timestamptz,
    abort_reason                text          check (length(abort_reason) <= 1000),
    version                     bigint        not null default 0,
    constraint session_dose_pair check ((planned_dose_amount is null) = (planned_dose_unit is null)),
    constraint session_dosing_order check (dosing_ended_at is null or dosing_ended_at >= dosing_started_at),
    constraint session_discharge_order check (discharged_at is null or discharged_at >= dosing_ended_at),
    constraint session_override_reason check (not discharge_override or discharge_override_reason is not null),
    constraint session_abort_reason check ((aborted_at is null) = (abort_reason is null)),
    constraint session_status_times check (
        case status
            when 'PLANNED'     then dosing_started_at is null and discharged_at is null and aborted_at is null
            when 'DOSING'      then dosing_started_at is not null and dosing_ended_at is null and aborted_at is null
            when 'OBSERVATION' then dosing_ended_at is not null and discharged_at is null and aborted_at is null
            when 'DISCHARGED'  then discharged_at is not null and aborted_at is null
            when 'ABORTED'     then aborted_at is not null and discharged_at is null
        end)
);

-- Lists: by clinic and status (the board), by patient, by creation time (paging).
create index treatment_session_clinic_status on treatment_session (clinic_id, status);
create index treatment_session_clinic_created on treatment_session (clinic_id, created_at desc, id);
create index treatment_session_patient on treatment_session (patient_id, created_at desc);

create table vital_reading (
    id                   uuid         primary key,
    clinic_id            text         not null check (length(clinic_id) between 1 and 64),
    session_id           uuid         not null references treatment_session (id),
    measured_at          timestamptz  not null,
    recorded_at          timestamptz  not null,
    late_entry           boolean      not null default false,
    systolic             smallint     check (systolic between 40 and 300),
    diastolic            smallint     check (diastolic between 20 and 200),
    heart_rate           smallint     check (heart_rate between 20 and 250),
    spo2                 smallint     check (spo2 between 50 and 100),
    respiratory_rate     smallint     check (respiratory_rate between 0 and 80),
    temperature_c        numeric(4, 2) check (temperature_c between 30 and 45),
    on_oxygen            boolean,
    sedation_moaas       smallint     check (sedation_moaas between 0 and 5),
    dissociation_cadss   smallint     check (dissociation_cadss between 0 and 92),
    nausea               smallint     check (nausea between 0 and 10),
    consciousness        text         check (consciousness in ('ALERT', 'CONFUSION', 'VOICE', 'PAIN', 'UNRESPONSIVE')),
    constraint reading_bp_pair check ((systolic is null) = (diastolic is null)),
    constraint reading_bp_order check (diastolic < systolic),
    constraint reading_has_value check (num_nonnulls(systolic, heart_rate, spo2, respiratory_rate, temperature_c,
        on_oxygen, sedation_moaas, dissociation_cadss, nausea, consciousness) > 0)
);

-- Readings are read per session in clinical-time order.
create index vital_reading_session_measured on vital_reading (session_id, measured_at, recorded_at);

create table adverse_event (
    id                uuid         primary key,
    clinic_id         text         not null check (length(clinic_id) between 1 and 64),
    session_id        uuid         not null references treatment_session (id),
    type              text         not null check (type in ('SEDATION', 'DISSOCIATION', 'DIZZINESS', 'CONFUSION',
                          'NAUSEA', 'VOMITING', 'HYPERTENSION', 'HALLUCINATIONS', 'CARDIAC', 'RESPIRATORY',
                          'URINARY', 'COGNITIVE', 'PSYCHOSIS', 'SUICIDAL_IDEATION', 'OTHER')),
    grade             smallint     not null check (grade between 1 and 5),
    serious           boolean      not null,
    onset_at          timestamptz  not null,
    recorded_at       timestamptz  not null,
    late_entry        boolean      not null default false,
    description       text         check (length(description) <= 2000),
    action_taken      text         check (length(action_taken) <= 1000),
    outcome           text         check (outcome in ('RESOLVED', 'RECOVERING', 'RESOLVED_WITH_SEQUELAE', 'FATAL', 'UNKNOWN')),
    resolved_at       timestamptz,
    resolution_note   text         check (length(resolution_note) <= 1000),
    constraint adverse_event_resolution check ((resolved_at is null) = (outcome is null)),
    constraint adverse_event_resolution_order check (resolved_at is null or resolved_at >= onset_at)
);

create index adverse_event_session_onset on adverse_event (session_id, onset_at, recorded_at);
