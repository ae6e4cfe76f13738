-- Course of care (design.md section 8): what an emergency produces is stored, not refused.

-- SpO2 from 0 and heart rate from 0 to 300: a monitor shows such values in exactly the moments
-- that matter, and a refused reading is a lost one. The rules flag them (SPO2_CRITICAL,
-- HR_LOW_CRITICAL, HR_HIGH_CRITICAL). SpO2 over 100 stays impossible. The constraints are V1's
-- column checks, under the names PostgreSQL generated for them.
alter table vital_reading drop constraint vital_reading_spo2_check;
alter table vital_reading add constraint vital_reading_spo2_check check (spo2 between 0 and 100);
alter table vital_reading drop constraint vital_reading_heart_rate_check;
alter table vital_reading add constraint vital_reading_heart_rate_check check (heart_rate between 0 and 300);
