# A council repository, a meeting from invitation to press release, a case from referral to closure.
lpsc init kvsp-testville --council testville --name "KVSP Testville" --lang en --since 2025-01-01
cd kvsp-testville

lpsc institution add municipality-testville --name "sq:Bashkia Testville" --name "en:Municipality of Testville" --sector local-government
lpsc institution add police-testville --name "Testville Local Police Directorate" --sector police
lpsc institution add school-testville-1 --name "Testville School No. 1" --sector education
lpsc member add --name "Ilir Dervishi" --institution municipality-testville --role chair --role permanent --seat mayor --term-from 2025-01-01 --declaration-signed 2025-01-10
lpsc member add --name "Arta Kola" --institution municipality-testville --role technical-secretariat --role case-manager --term-from 2025-01-01 --declaration-signed 2025-01-10
lpsc member add --name "Besa Rama" --institution police-testville --role permanent --term-from 2025-01-01 --declaration-signed 2025-01-13

# A meeting: planned, invited (at least 5 working days ahead), held, minuted, published within 24 hours.
lpsc meeting new --type lpsc --date 2025-03-12 --time 10:00 --end 12:30 --location "Municipal Council Hall" --mode in-person --agenda "Approval of the 2025 local plan"
lpsc meeting invite lpsc-2025-03-12 --sent 2025-03-04T09:00 --to all
lpsc meeting attend lpsc-2025-03-12 member-ilir-dervishi --status present
lpsc meeting attend lpsc-2025-03-12 member-arta-kola --status present
lpsc meeting attend lpsc-2025-03-12 member-besa-rama --status excused --explanation-received 2025-03-11
lpsc meeting decide lpsc-2025-03-12 --text "The 2025 local action plan is approved." --adopted consensus --signed 2025-03-12
lpsc meeting minutes lpsc-2025-03-12 --status signed --recorded-by member-arta-kola --sent-to-members 2025-03-14 --submitted-cve 2025-03-20 --submitted-nccs 2025-03-20
lpsc meeting publish lpsc-2025-03-12 --press-release 2025-03-12T16:00 --url https://example.invalid/news/1 --summary "The council approved the 2025 local action plan."

# A case: referral, screening, assessment, support plan, case manager, follow-up, review, closure.
lpsc case new --received 2025-02-10T09:30 --referred-by school-testville-1 --concern child-protection --code A.G. --age-band 13-17 --sex F --group child --channel in-person --form-complete --registered 2025-02-11
lpsc case share case-2025-001 --lpsc 2025-02-11 --police 2025-02-12
lpsc case screen case-2025-001 --date 2025-02-14 --outcome eligible
lpsc case assess case-2025-001 --date 2025-02-25 --risk moderate --sector education --sector social-services --sector health --annex2-complete --rationale-recorded
lpsc case plan case-2025-001 --prepared 2025-03-03 --approved 2025-03-05 --signed 2025-03-05 --goal education:school-testville-1 --consent-given 2025-03-05 --consent-by guardian
lpsc case assign case-2025-001 --manager member-arta-kola --assigned 2025-03-06
lpsc case contact case-2025-001 --date 2025-03-20 --kind face-to-face --by member-arta-kola --sector education
lpsc case contact case-2025-001 --date 2025-04-17 --kind home-visit --by member-arta-kola
lpsc case contact case-2025-001 --date 2025-05-15 --kind phone --by member-arta-kola
lpsc case contact case-2025-001 --date 2025-06-12 --kind phone --by member-arta-kola
lpsc case contact case-2025-001 --date 2025-07-10 --kind face-to-face --by member-arta-kola
lpsc case contact case-2025-001 --date 2025-08-14 --kind phone --by member-arta-kola
lpsc case review case-2025-001 --date 2025-09-05 --kind 6-month --isp-adjusted
lpsc case close case-2025-001 --date 2025-09-26 --reason goals-achieved --goals-achieved all --report-completed 2025-09-26 --services-continue --exit-sent 2025-09-29 --exit-to guardian

lpsc case list
lpsc log case-2025-001
lpsc check --as-of 2025-12-31 meetings cases
