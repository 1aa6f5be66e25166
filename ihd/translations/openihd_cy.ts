<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
  <context>
    <name>OpenIHD</name>
    <message>
      <location filename="../ui/now_page.py" />
      <source>(estimated)</source>
      <translation>(amcangyfrif)</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>(not live)</source>
      <translation>(nid yn fyw)</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>1 day {hours} h</source>
      <translation>1 diwrnod {hours} awr</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>1 more digit.</source>
      <translation>1 digid arall.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A Glow broker address starts mqtt:// or mqtts://, not {scheme}://.</source>
      <translation>Mae cyfeiriad brocer Glow yn dechrau mqtt:// neu mqtts://, nid {scheme}://.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A Glow device cannot send top-ups; use your meter's keypad.</source>
      <translation>Ni all dyfais Glow anfon credyd; defnyddiwch fysellbad eich mesurydd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A Glow device does not pass supplier messages.</source>
      <translation>Nid yw dyfais Glow yn trosglwyddo negeseuon y cyflenwr.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A RAVEn stick cannot send top-ups; use your meter's keypad.</source>
      <translation>Ni all ffon RAVEn anfon credyd; defnyddiwch fysellbad eich mesurydd.</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>A Zigbee stick</source>
      <translation>Ffon Zigbee</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>A bridge on your network</source>
      <translation>Pont ar eich rhwydwaith</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>A device you already have</source>
      <translation>Dyfais sydd gennych eisoes</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>A digit is mistyped: please check the code and correct it.</source>
      <translation>Mae digid wedi'i deipio'n anghywir: gwiriwch y cod a'i gywiro.</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>A little above usual</source>
      <translation>Ychydig yn uwch na'r arfer</translation>
    </message>
    <message>
      <location filename="../kiosk/demo_loop.py" />
      <source>A message from the supplier</source>
      <translation>Neges gan y cyflenwr</translation>
    </message>
    <message>
      <location filename="../kiosk/demo_loop.py" />
      <source>A price change</source>
      <translation>Newid pris</translation>
    </message>
    <message>
      <location filename="../kiosk/demo_loop.py" />
      <source>A top-up</source>
      <translation>Ychwanegu credyd</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A top-up code has at most 25 digits.</source>
      <translation>Mae gan god credyd 25 digid ar y mwyaf.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A top-up code has digits only.</source>
      <translation>Dim ond digidau sydd mewn cod credyd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A top-up code has {length} digits; this one has {digits}.</source>
      <translation>Mae gan god credyd {length} digid; mae gan hwn {digits}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>A topic prefix cannot hold MQTT wildcards: {prefix}.</source>
      <translation>Ni all rhagddodiad pwnc gynnwys nodau chwilio MQTT: {prefix}.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>About 1 day</source>
      <translation>Tua 1 diwrnod</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>About what you usually use at this time</source>
      <translation>Tua’r hyn rydych chi’n ei ddefnyddio fel arfer ar yr adeg hon</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>About {days} days</source>
      <translation>Tua {days} diwrnod</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Address (optional)</source>
      <translation>Cyfeiriad (dewisol)</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Ambient feedback</source>
      <translation>Adborth amgylchynol</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>An EAGLE cannot send top-ups; use your meter's keypad.</source>
      <translation>Ni all EAGLE anfon credyd; defnyddiwch fysellbad eich mesurydd.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>An estimate of days left appears after a day of use.</source>
      <translation>Bydd amcangyfrif o’r dyddiau sy’n weddill yn ymddangos ar ôl diwrnod o ddefnydd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>An install code is 16, 20, 28 or 36 hex digits (6, 8, 12 or 16 bytes and a 4-digit check); this one has {digits}.</source>
      <translation>Mae cod gosod yn 16, 20, 28 neu 36 digid hecs (6, 8, 12 neu 16 beit a gwiriad 4 digid); mae gan hwn {digits}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>An install code is written in hexadecimal: only the digits 0-9 and letters A-F.</source>
      <translation>Mae cod gosod wedi’i ysgrifennu mewn hecsadegol: dim ond y digidau 0-9 a’r llythrennau A-F.</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Apr</source>
      <translation>Ebr</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>April</source>
      <translation>Ebrill</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>At about {cost} a day: {use}, with standing charge and debt repayments.</source>
      <translation>Tua {cost} y dydd: {use}, gyda'r tâl sefydlog ac ad-daliadau dyled.</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Aug</source>
      <translation>Awst</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>August</source>
      <translation>Awst</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Authenticated.</source>
      <translation>Wedi dilysu.</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Authenticating</source>
      <translation>Yn dilysu</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Authenticating with the meter…</source>
      <translation>Yn dilysu gyda’r mesurydd…</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Available: you can select it on the meter or here</source>
      <translation>Ar gael: gallwch ei ddewis ar y mesurydd neu yma</translation>
    </message>
    <message>
      <location filename="../kiosk/demo_loop.py" />
      <source>Back to normal</source>
      <translation>Yn ôl i’r arfer</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Balance</source>
      <translation>Balans</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Bill for all fuels</source>
      <translation>Bil am bob tanwydd</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Block {n}</source>
      <translation>Bloc {n}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Bridge address</source>
      <translation>Cyfeiriad y bont</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Bridge {name} at {address}</source>
      <translation>Pont {name} yn {address}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Bridge {url}</source>
      <translation>Pont {url}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Bridges found</source>
      <translation>Pontydd a ddaethpwyd o hyd iddynt</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Budget {budget} a day</source>
      <translation>Cyllideb {budget} y dydd</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Cancel</source>
      <translation>Canslo</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Cancel and go back</source>
      <translation>Canslo a mynd yn ôl</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Check the operator PIN</source>
      <translation>Gwirio PIN y gweithredwr</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Checking the stick's Smart Energy certificate…</source>
      <translation>Yn gwirio tystysgrif Ynni Clyfar y ffon…</translation>
    </message>
    <message>
      <location filename="../controller.py" />
      <source>Choose a source in Settings first.</source>
      <translation>Dewiswch ffynhonnell yn y Gosodiadau yn gyntaf.</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Choose the stick, then follow the steps.</source>
      <translation>Dewiswch y ffon, yna dilynwch y camau.</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Clear</source>
      <translation>Clirio</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Clear the code</source>
      <translation>Clirio’r cod</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Clear this home's data</source>
      <translation>Clirio data’r cartref hwn</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Clear this home's data for a new occupier</source>
      <translation>Clirio data’r cartref hwn ar gyfer preswylydd newydd</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Clearing…</source>
      <translation>Yn clirio…</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>Confirm I have read this</source>
      <translation>Cadarnhau fy mod wedi darllen hwn</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>Confirm message {number}</source>
      <translation>Cadarnhau neges {number}</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Confirm: clear all of this home's data</source>
      <translation>Cadarnhau: clirio holl ddata’r cartref hwn</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Confirming messages through the EAGLE is not supported.</source>
      <translation>Ni ellir cadarnhau negeseuon drwy’r EAGLE.</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Connected</source>
      <translation>Wedi cysylltu</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to the Glow device.</source>
      <translation>Wedi cysylltu â’r ddyfais Glow.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to the bridge.</source>
      <translation>Wedi cysylltu â’r bont.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to the broker at {address}; waiting for the Glow device on {topics}.</source>
      <translation>Wedi cysylltu â’r brocer yn {address}; yn aros am y ddyfais Glow ar {topics}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to the broker, but nothing has arrived on {topics} for {seconds} s. Is the topic prefix '{prefix}' the one set on the Glow device, and is its local MQTT turned on?</source>
      <translation>Wedi cysylltu â’r brocer, ond nid oes dim wedi cyrraedd ar {topics} ers {seconds} eiliad. Ai '{prefix}' yw’r rhagddodiad pwnc a osodwyd ar y ddyfais Glow, ac ydy ei MQTT lleol wedi’i droi ymlaen?</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to your meter via the EAGLE.</source>
      <translation>Wedi cysylltu â’ch mesurydd drwy’r EAGLE.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to your meter.</source>
      <translation>Wedi cysylltu â’ch mesurydd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to your smart meter.</source>
      <translation>Wedi cysylltu â’ch mesurydd clyfar.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to {count} meter(s).</source>
      <translation>Wedi cysylltu â {count} mesurydd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to {count} meter(s). 1 malformed frame refused.</source>
      <translation>Wedi cysylltu â {count} mesurydd. Gwrthodwyd 1 ffrâm wallus.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Connected to {count} meter(s). {refused} malformed frames refused.</source>
      <translation>Wedi cysylltu â {count} mesurydd. Gwrthodwyd {refused} ffrâm wallus.</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Connecting…</source>
      <translation>Yn cysylltu…</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Could not look for sticks: {reason}</source>
      <translation>Methu chwilio am ffyn: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Credit</source>
      <translation>Credyd</translation>
    </message>
    <message>
      <location filename="../ui/credit_alert_banner.py" />
      <source>Credit alert</source>
      <translation>Rhybudd credyd</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Credit now</source>
      <translation>Credyd nawr</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Credit now {credit}.</source>
      <translation>Credyd nawr {credit}.</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Credit now: {credit}</source>
      <translation>Credyd nawr: {credit}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Daily budget</source>
      <translation>Cyllideb ddyddiol</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Daily budget used</source>
      <translation>Cyllideb ddyddiol a ddefnyddiwyd</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Day</source>
      <translation>Dydd</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Days</source>
      <translation>Dyddiau</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Debt</source>
      <translation>Dyled</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Dec</source>
      <translation>Rhag</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>December</source>
      <translation>Rhagfyr</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Delete last digit</source>
      <translation>Dileu’r digid olaf</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Demo home (simulated)</source>
      <translation>Cartref arddangos (efelychiad)</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Digit {digit}</source>
      <translation>Digid {digit}</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Disconnected</source>
      <translation>Wedi datgysylltu</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>EAGLE Cloud ID</source>
      <translation>Cloud ID yr EAGLE</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>EAGLE address</source>
      <translation>Cyfeiriad yr EAGLE</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>EAGLE install code</source>
      <translation>Cod gosod yr EAGLE</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>EAGLE {cloud_id}</source>
      <translation>EAGLE {cloud_id}</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Electricity</source>
      <translation>Trydan</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Electricity and gas together, this billing period</source>
      <translation>Trydan a nwy gyda'i gilydd, y cyfnod bilio hwn</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Electricity now</source>
      <translation>Trydan nawr</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Electricity price now</source>
      <translation>Pris trydan nawr</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Electricity since {start}, in the billing period to {end}</source>
      <translation>Trydan ers {start}, yn y cyfnod bilio hyd at {end}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Electricity today so far</source>
      <translation>Trydan heddiw hyd yma</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Electricity, this billing period</source>
      <translation>Trydan, y cyfnod bilio hwn</translation>
    </message>
    <message>
      <location filename="../kiosk/demo_loop.py" />
      <source>Emergency credit</source>
      <translation>Credyd brys</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Emergency credit available</source>
      <translation>Credyd brys ar gael</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Emergency credit selected</source>
      <translation>Credyd brys wedi'i ddewis</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Emergency credit used up: top up to restore your supply</source>
      <translation>Credyd brys wedi'i ddefnyddio: ychwanegwch gredyd i adfer eich cyflenwad</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Emergency credit: {money} left, {days} at your usual use</source>
      <translation>Credyd brys: {money} ar ôl, {days} ar eich defnydd arferol</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Energy only: the standing charge is not included.</source>
      <translation>Ynni yn unig: nid yw'r tâl sefydlog wedi'i gynnwys.</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Enter</source>
      <translation>Mewnbynnu</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Enter your 20-digit top-up code</source>
      <translation>Rhowch eich cod credyd 20 digid</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Evening and weekend</source>
      <translation>Gyda'r nos a'r penwythnos</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Everyday appliances are on</source>
      <translation>Mae offer bob dydd ymlaen</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Exchanging keys with the meter…</source>
      <translation>Yn cyfnewid allweddi â’r mesurydd…</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Failed</source>
      <translation>Wedi methu</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Feb</source>
      <translation>Chwe</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>February</source>
      <translation>Chwefror</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Fill in: {fields}</source>
      <translation>Llenwch: {fields}</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Filled bars: this period. Outlines: {before}.</source>
      <translation>Barrau llawn: y cyfnod hwn. Amlinellau: {before}.</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>For the whole billing period, if you keep using energy as you have so far.</source>
      <translation>Am y cyfnod bilio cyfan, os byddwch yn dal i ddefnyddio ynni fel hyd yma.</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Found {count}. Enter the PIN it shows.</source>
      <translation>Wedi dod o hyd i {count}. Rhowch y PIN mae’n ei ddangos.</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Fri</source>
      <translation>Gwe</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Friday</source>
      <translation>Dydd Gwener</translation>
    </message>
    <message>
      <location filename="../kiosk/demo_loop.py" />
      <source>Friendly credit</source>
      <translation>Credyd cyfeillgar</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Friendly credit from {start}</source>
      <translation>Credyd cyfeillgar o {start}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Friendly credit now: until {until} ({left} left).</source>
      <translation>Credyd cyfeillgar nawr: tan {until} ({left} ar ôl).</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Friendly credit until {until}</source>
      <translation>Credyd cyfeillgar tan {until}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Friendly credit: your supply stays on {hours}, even if your credit runs out.</source>
      <translation>Credyd cyfeillgar: mae eich cyflenwad yn aros ymlaen {hours}, hyd yn oed os daw eich credyd i ben.</translation>
    </message>
    <message>
      <location filename="../ui/supplier_line.py" />
      <source>From {day} your supplier is {name}</source>
      <translation>O {day} eich cyflenwr yw {name}</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>From {time}</source>
      <translation>O {time}</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>From {time}: {band}, {price}</source>
      <translation>O {time}: {band}, {price}</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Gas</source>
      <translation>Nwy</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Gas today so far</source>
      <translation>Nwy heddiw hyd yma</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Glow MQTT address</source>
      <translation>Cyfeiriad MQTT Glow</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Glow broker password</source>
      <translation>Cyfrinair brocer Glow</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Glow broker user</source>
      <translation>Defnyddiwr brocer Glow</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Glow display's address, e.g. 192.168.1.30:1883</source>
      <translation>Cyfeiriad sgrin Glow, e.e. 192.168.1.30:1883</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Glow topic prefix</source>
      <translation>Rhagddodiad pwnc Glow</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Glow via MQTT {address}</source>
      <translation>Glow drwy MQTT {address}</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Go to the top-up keypad</source>
      <translation>I'r bysellbad ychwanegu credyd</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>High contrast</source>
      <translation>Cyferbyniad uchel</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>High use</source>
      <translation>Defnydd uchel</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>History</source>
      <translation>Hanes</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>History chart</source>
      <translation>Siart hanes</translation>
    </message>
    <message>
      <location filename="../history/store.py" />
      <source>History error: {reason}</source>
      <translation>Gwall hanes: {reason}</translation>
    </message>
    <message>
      <location filename="../history/store.py" />
      <source>History is not being saved: the disk is full. Live readings still show.</source>
      <translation>Nid yw’r hanes yn cael ei gadw: mae’r ddisg yn llawn. Mae darlleniadau byw yn dal i ddangos.</translation>
    </message>
    <message>
      <location filename="../history/store.py" />
      <source>History is not being saved: the history file cannot be written. Live readings still show.</source>
      <translation>Nid yw’r hanes yn cael ei gadw: ni ellir ysgrifennu i’r ffeil hanes. Mae darlleniadau byw yn dal i ddangos.</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>History summary</source>
      <translation>Crynodeb hanes</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>How the display looks</source>
      <translation>Sut mae’r sgrin yn edrych</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>Important</source>
      <translation>Pwysig</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>In use: top up soon to pay it back</source>
      <translation>Yn cael ei ddefnyddio: ychwanegwch gredyd yn fuan i’w dalu’n ôl</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Install code</source>
      <translation>Cod gosod</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Install code (on the label)</source>
      <translation>Cod gosod (ar y label)</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Install code (on the stick's label)</source>
      <translation>Cod gosod (ar label y ffon)</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Jan</source>
      <translation>Ion</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>January</source>
      <translation>Ionawr</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Join my meter</source>
      <translation>Ymuno â’m mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Join my smart meter's network</source>
      <translation>Ymuno â rhwydwaith fy mesurydd clyfar</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Joined; authenticating…</source>
      <translation>Wedi ymuno; yn dilysu…</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Joining</source>
      <translation>Yn ymuno</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Joining the network on channel {channel} (PAN {pan})…</source>
      <translation>Yn ymuno â’r rhwydwaith ar sianel {channel} (PAN {pan})…</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Joining your meter's network…</source>
      <translation>Yn ymuno â rhwydwaith eich mesurydd…</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Jul</source>
      <translation>Gorff</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>July</source>
      <translation>Gorffennaf</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Jun</source>
      <translation>Meh</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>June</source>
      <translation>Mehefin</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>Language: {name}</source>
      <translation>Iaith: {name}</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>Large text</source>
      <translation>Testun mawr</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Last 12 months</source>
      <translation>Y 12 mis diwethaf</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Last 12 weeks</source>
      <translation>Y 12 wythnos diwethaf</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Last 7 days</source>
      <translation>Y 7 diwrnod diwethaf</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Last heard from the meter: {age}.</source>
      <translation>Clywyd gan y mesurydd ddiwethaf: {age}.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Last top-up: {value} on {when}</source>
      <translation>Credyd diwethaf: {value} ar {when}</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Leave kiosk mode</source>
      <translation>Gadael y modd ciosg</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Less than a day</source>
      <translation>Llai na diwrnod</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Less than you usually use at this time</source>
      <translation>Llai nag rydych chi’n ei ddefnyddio fel arfer ar yr adeg hon</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Like for like, the {count} {units} complete with data in both: {now} against {before} {when}</source>
      <translation>Tebyg at ei debyg, y {count} {units} cyflawn gyda data yn y ddau: {now} o'i gymharu â {before} {when}</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Look for Zigbee sticks</source>
      <translation>Chwilio am ffyn Zigbee</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Looking for your meter's network…</source>
      <translation>Yn chwilio am rwydwaith eich mesurydd…</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Looking for your smart meter's network…</source>
      <translation>Yn chwilio am rwydwaith eich mesurydd clyfar…</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Looking for your smart meter…</source>
      <translation>Yn chwilio am eich mesurydd clyfar…</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Looking… each port takes a few seconds.</source>
      <translation>Yn chwilio… mae pob porth yn cymryd ychydig eiliadau.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Lost the stick (its port closed). Trying to reopen it…</source>
      <translation>Collwyd y ffon (caeodd ei phorth). Yn ceisio ei hagor eto…</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Lost the stick ({reason}). Trying to reopen it…</source>
      <translation>Collwyd y ffon ({reason}). Yn ceisio ei hagor eto…</translation>
    </message>
    <message>
      <location filename="../kiosk/demo_loop.py" />
      <source>Low credit</source>
      <translation>Credyd isel</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Low use</source>
      <translation>Defnydd isel</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Low-credit warning</source>
      <translation>Rhybudd credyd isel</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Low-credit warning at {amount}</source>
      <translation>Rhybudd credyd isel ar {amount}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Lower the daily budget</source>
      <translation>Gostwng y gyllideb ddyddiol</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Mar</source>
      <translation>Maw</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>March</source>
      <translation>Mawrth</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>May</source>
      <translation>Mai</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Messages</source>
      <translation>Negeseuon</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>Messages from your supplier</source>
      <translation>Negeseuon gan eich cyflenwr</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Meter data is up to date again.</source>
      <translation>Mae data’r mesurydd yn gyfredol eto.</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Meter time {time}</source>
      <translation>Amser y mesurydd {time}</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Mon</source>
      <translation>Llun</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Monday</source>
      <translation>Dydd Llun</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Months</source>
      <translation>Misoedd</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>More than {days} days</source>
      <translation>Mwy na {days} diwrnod</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>New occupier and operator</source>
      <translation>Preswylydd newydd a gweithredwr</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Next friendly credit: from {start}.</source>
      <translation>Credyd cyfeillgar nesaf: o {start}.</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Next holiday: {weekday} {date}</source>
      <translation>Gŵyl nesaf: {weekday} {date}</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Next payment due {day}</source>
      <translation>Taliad nesaf yn ddyledus {day}</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Night</source>
      <translation>Nos</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No RAVEn stick at {port}: {reason}</source>
      <translation>Dim ffon RAVEn ar {port}: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>No Zigbee stick answered. Is it plugged in?</source>
      <translation>Ni atebodd unrhyw ffon Zigbee. Ydy hi wedi’i phlygio i mewn?</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No bridge answered at {url}: {reason}</source>
      <translation>Ni atebodd unrhyw bont yn {url}: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>No bridge answered. Type its address instead.</source>
      <translation>Ni atebodd unrhyw bont. Teipiwch ei chyfeiriad yn lle hynny.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>No credit left</source>
      <translation>Dim credyd ar ôl</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>No credit left: your supply is on friendly credit</source>
      <translation>Dim credyd ar ôl: mae eich cyflenwad ar gredyd cyfeillgar</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>No debt recovery</source>
      <translation>Dim adennill dyled</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>No live reading</source>
      <translation>Dim darlleniad byw</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>No messages.</source>
      <translation>Dim negeseuon.</translation>
    </message>
    <message>
      <location filename="../controller.py" />
      <source>No meter to top up yet.</source>
      <translation>Dim mesurydd i ychwanegu credyd ato eto.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No news from the electricity meter for {seconds} s.</source>
      <translation>Dim gair gan y mesurydd trydan ers {seconds} eiliad.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No news from the gas meter for {seconds} s.</source>
      <translation>Dim gair gan y mesurydd nwy ers {seconds} eiliad.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No news from the meter for {seconds} s.</source>
      <translation>Dim gair gan y mesurydd ers {seconds} eiliad.</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>No operator PIN is set in the kiosk config, so this display stays locked. Ask your housing provider.</source>
      <translation>Nid oes PIN gweithredwr wedi’i osod yng nghyfluniad y ciosg, felly mae’r dangosydd hwn yn aros ar glo. Gofynnwch i’ch darparwr tai.</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>No payment reported yet</source>
      <translation>Dim taliad wedi'i adrodd eto</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>No scheduled changes received yet.</source>
      <translation>Dim newidiadau wedi’u trefnu wedi dod eto.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No secure (TLS) connection to the broker at {address}: {reason}.</source>
      <translation>Dim cysylltiad diogel (TLS) â’r brocer yn {address}: {reason}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No smart meter answered on this network. Is the display paired?</source>
      <translation>Ni atebodd unrhyw fesurydd clyfar ar y rhwydwaith hwn. Ydy’r dangosydd wedi’i baru?</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No smart meter found on the Zigbee network.</source>
      <translation>Dim mesurydd clyfar ar y rhwydwaith Zigbee.</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>No source chosen</source>
      <translation>Dim ffynhonnell wedi’i dewis</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>No stick at {port}. Is it plugged in? ('ihd-bridge sticks' lists the sticks it can see.)</source>
      <translation>Dim ffon ar {port}. Ydy hi wedi’i phlygio i mewn? (Mae 'ihd-bridge sticks' yn rhestru’r ffyn y mae’n eu gweld.)</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>No top-ups yet.</source>
      <translation>Dim credyd wedi’i ychwanegu eto.</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Normal use</source>
      <translation>Defnydd arferol</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Not a baud rate: {baud}.</source>
      <translation>Nid yw’n gyfradd baud: {baud}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Not a port number in {text}.</source>
      <translation>Dim rhif porth yn {text}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Not a port number: {port}.</source>
      <translation>Nid yw’n rhif porth: {port}.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Not available yet: the meter offers it when your credit falls below {threshold}</source>
      <translation>Ddim ar gael eto: mae’r mesurydd yn ei gynnig pan fydd eich credyd yn disgyn o dan {threshold}</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Not available yet: the meter offers it when your credit is nearly used up</source>
      <translation>Ddim ar gael eto: mae’r mesurydd yn ei gynnig pan fydd eich credyd bron â darfod</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Not cleared: {reason}</source>
      <translation>Heb ei glirio: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Not connected: {reason}</source>
      <translation>Heb gysylltu: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Not paired: {reason}</source>
      <translation>Heb baru: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Not sent: {reason}</source>
      <translation>Heb ei anfon: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/zone_card.py" />
      <source>Not set: the meter's, else Europe/London</source>
      <translation>Heb ei gosod: un y mesurydd, neu Europe/London</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Nothing arrives on {topics}, but Glow messages arrive under '{found}/…': set the topic prefix to '{found}' (it is set on the Glow device).</source>
      <translation>Nid oes dim yn cyrraedd ar {topics}, ond mae negeseuon Glow yn cyrraedd o dan '{found}/…': gosodwch y rhagddodiad pwnc i '{found}' (caiff ei osod ar y ddyfais Glow).</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Nov</source>
      <translation>Tach</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>November</source>
      <translation>Tachwedd</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Now</source>
      <translation>Nawr</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Now, until changed</source>
      <translation>Nawr, nes ei newid</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Now: {source}</source>
      <translation>Nawr: {source}</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Oct</source>
      <translation>Hyd</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>October</source>
      <translation>Hydref</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Off-peak</source>
      <translation>Tu allan i'r oriau brig</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>On friendly credit until {until}: top up before then</source>
      <translation>Ar gredyd cyfeillgar tan {until}: ychwanegwch gredyd cyn hynny</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Only the basics are on</source>
      <translation>Dim ond y pethau sylfaenol sydd ymlaen</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Operator PIN</source>
      <translation>PIN y gweithredwr</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Overdue: {amount}</source>
      <translation>Yn hwyr: {amount}</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>PIN entered</source>
      <translation>PIN a roddwyd</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>PIN result</source>
      <translation>Canlyniad y PIN</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Pair</source>
      <translation>Paru</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Pair with the bridge</source>
      <translation>Paru â’r bont</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Pairing code</source>
      <translation>Cod paru</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Pairing code shown by the bridge, e.g. 3-4821-0937</source>
      <translation>Cod paru a ddangosir gan y bont, e.e. 3-4821-0937</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Pairing failed ({status}).</source>
      <translation>Methodd y paru ({status}).</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Pairing…</source>
      <translation>Yn paru…</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Password</source>
      <translation>Cyfrinair</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Payments</source>
      <translation>Taliadau</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Peak</source>
      <translation>Oriau brig</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Prefix: glow</source>
      <translation>Rhagddodiad: glow</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Price</source>
      <translation>Pris</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Problems in the operator config</source>
      <translation>Problemau yng nghyfluniad y gweithredwr</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Projected bill</source>
      <translation>Bil a ragwelir</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>RAVEn / EMU-2 serial port, e.g. /dev/ttyACM0</source>
      <translation>Porth cyfresol RAVEn / EMU-2, e.e. /dev/ttyACM0</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>RAVEn on {port}</source>
      <translation>RAVEn ar {port}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>RAVEn serial port</source>
      <translation>Porth cyfresol RAVEn</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Raise the daily budget</source>
      <translation>Codi’r gyllideb ddyddiol</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Rates on your tariff</source>
      <translation>Cyfraddau ar eich tariff</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Readings appear here within a few seconds.</source>
      <translation>Bydd darlleniadau’n ymddangos yma o fewn ychydig eiliadau.</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Ready to send.</source>
      <translation>Yn barod i anfon.</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Recent top-ups</source>
      <translation>Credyd diweddar</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Reference {ref}</source>
      <translation>Cyfeirnod {ref}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Rejoining your meter's network…</source>
      <translation>Yn ailymuno â rhwydwaith eich mesurydd…</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Repaying {debts}</source>
      <translation>Yn ad-dalu {debts}</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Result</source>
      <translation>Canlyniad</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Sat</source>
      <translation>Sad</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Saturday</source>
      <translation>Dydd Sadwrn</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Say which serial port the RAVEn is on.</source>
      <translation>Dywedwch pa borth cyfresol y mae’r RAVEn arno.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Say which serial port the stick is on.</source>
      <translation>Dywedwch pa borth cyfresol y mae’r ffon arno.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Say which stick: RADIO:PORT, e.g. ezsp:/dev/ttyUSB0 ('ihd-bridge sticks' finds them).</source>
      <translation>Dywedwch pa ffon: RADIO:PORTH, e.e. ezsp:/dev/ttyUSB0 (mae 'ihd-bridge sticks' yn dod o hyd iddynt).</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Search for a bridge or type its address first.</source>
      <translation>Chwiliwch am bont neu teipiwch ei chyfeiriad yn gyntaf.</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Search for bridges</source>
      <translation>Chwilio am bontydd</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Searching</source>
      <translation>Yn chwilio</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Searching…</source>
      <translation>Yn chwilio…</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Selected: it will be used when your credit runs out</source>
      <translation>Wedi’i ddewis: caiff ei ddefnyddio pan fydd eich credyd yn dod i ben</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Send top-up</source>
      <translation>Anfon credyd</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Send top-up to the meter</source>
      <translation>Anfon y credyd i’r mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Sending to your meter…</source>
      <translation>Yn anfon i’ch mesurydd…</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>Sending…</source>
      <translation>Yn anfon…</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Sep</source>
      <translation>Medi</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>September</source>
      <translation>Medi</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Settings</source>
      <translation>Gosodiadau</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Settings are for your housing provider or installer.</source>
      <translation>Mae’r gosodiadau ar gyfer eich darparwr tai neu’ch gosodwr.</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Show {choice}</source>
      <translation>Dangos {choice}</translation>
    </message>
    <message>
      <location filename="../ui/credit_alert_banner.py" />
      <source>Silence</source>
      <translation>Tawelu</translation>
    </message>
    <message>
      <location filename="../ui/credit_alert_banner.py" />
      <source>Silence the credit alert</source>
      <translation>Tawelu’r rhybudd credyd</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Some half hours are priced by estimate (the tariff in force).</source>
      <translation>Mae rhai hanner oriau wedi'u prisio drwy amcangyfrif (y tariff presennol).</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Something power-hungry is on</source>
      <translation>Mae rhywbeth sy’n defnyddio llawer o bŵer ymlaen</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Stale</source>
      <translation>Hen ddata</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>Standard</source>
      <translation>Safonol</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Standing charges (per day)</source>
      <translation>Taliadau sefydlog (y dydd)</translation>
    </message>
    <message>
      <location filename="../ui/status_words.py" />
      <source>Starting</source>
      <translation>Yn cychwyn</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Starting the stick's own network…</source>
      <translation>Yn cychwyn rhwydwaith y ffon ei hun…</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Status</source>
      <translation>Statws</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Stick set-up progress</source>
      <translation>Cynnydd gosod y ffon</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Sun</source>
      <translation>Sul</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Sunday</source>
      <translation>Dydd Sul</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Tariff</source>
      <translation>Tariff</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Tariff rates</source>
      <translation>Cyfraddau tariff</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Text size, contrast and language</source>
      <translation>Maint testun, cyferbyniad ac iaith</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>That pairing code is wrong or has expired (or this is not the bridge showing it).</source>
      <translation>Mae’r cod paru hwnnw’n anghywir neu wedi dod i ben (neu nid hon yw’r bont sy’n ei ddangos).</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE answered {status}.</source>
      <translation>Atebodd yr EAGLE {status}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE at {host} cannot be reached: {reason}</source>
      <translation>Ni ellir cyrraedd yr EAGLE yn {host}: {reason}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE has not joined a meter yet.</source>
      <translation>Nid yw’r EAGLE wedi ymuno â mesurydd eto.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE needs its Cloud ID and install code (on its label).</source>
      <translation>Mae angen ID Cwmwl a chod gosod yr EAGLE (ar ei label).</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE refused the Cloud ID or install code. Check both on the label.</source>
      <translation>Gwrthododd yr EAGLE yr ID Cwmwl neu’r cod gosod. Gwiriwch y ddau ar y label.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE says the meter is not connected.</source>
      <translation>Mae’r EAGLE yn dweud nad yw’r mesurydd wedi’i gysylltu.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE says the meter is {state}.</source>
      <translation>Mae’r EAGLE yn dweud bod y mesurydd: {state}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The EAGLE sent something unreadable: {reason}</source>
      <translation>Anfonodd yr EAGLE rywbeth annarllenadwy: {reason}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The Glow device has gone quiet.</source>
      <translation>Mae’r ddyfais Glow wedi tawelu.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The Glow device is back.</source>
      <translation>Mae’r ddyfais Glow yn ôl.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The Glow device's broker at {address} cannot be reached ({reason}).</source>
      <translation>Ni ellir cyrraedd brocer y ddyfais Glow yn {address} ({reason}).</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The MQTT broker at {address} did not answer. Is the Glow device's local MQTT turned on?</source>
      <translation>Ni atebodd y brocer MQTT yn {address}. Ydy MQTT lleol y ddyfais Glow wedi’i droi ymlaen?</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick did not answer {command}.</source>
      <translation>Ni atebodd y ffon RAVEn {command}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick is back.</source>
      <translation>Mae’r ffon RAVEn yn ôl.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick is not connected to a meter yet.</source>
      <translation>Nid yw’r ffon RAVEn wedi’i chysylltu â mesurydd eto.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick is not open.</source>
      <translation>Nid yw’r ffon RAVEn ar agor.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick is unplugged or not answering ({reason}).</source>
      <translation>Mae’r ffon RAVEn wedi’i datgysylltu neu nid yw’n ateb ({reason}).</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick says: {status}</source>
      <translation>Mae’r ffon RAVEn yn dweud: {status}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick sent something unreadable: {reason}</source>
      <translation>Anfonodd y ffon RAVEn rywbeth annarllenadwy: {reason}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The RAVEn stick's port is closed.</source>
      <translation>Mae porth y ffon RAVEn ar gau.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The Zigbee radio is not running.</source>
      <translation>Nid yw’r radio Zigbee yn rhedeg.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The bridge cannot be reached.</source>
      <translation>Ni ellir cyrraedd y bont.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The bridge cannot be reached: {reason}</source>
      <translation>Ni ellir cyrraedd y bont: {reason}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The bridge is still connecting to this home's meters.</source>
      <translation>Mae’r bont yn dal i gysylltu â mesuryddion y cartref hwn.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The bridge no longer accepts this display (its pairing was revoked); pair it again in Settings.</source>
      <translation>Nid yw’r bont yn derbyn y dangosydd hwn mwyach (diddymwyd ei baru); parwch ef eto yn y Gosodiadau.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The bridge said {status}.</source>
      <translation>Dywedodd y bont {status}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The bridge's certificate does not match what it says it is.</source>
      <translation>Nid yw tystysgrif y bont yn cyfateb i’r hyn y mae’n dweud ydyw.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The bridge's journal was reset or restored; catching up from its latest values and the meter's log.</source>
      <translation>Ailosodwyd neu adferwyd cofnod y bont; yn dal i fyny o’i gwerthoedd diweddaraf a log y mesurydd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The broker at {address} refused the login (no user name given). Check the user name and password.</source>
      <translation>Gwrthododd y brocer yn {address} y mewngofnodi (dim enw defnyddiwr). Gwiriwch yr enw defnyddiwr a’r cyfrinair.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The broker at {address} refused the login for user {user}. Check the user name and password.</source>
      <translation>Gwrthododd y brocer yn {address} y mewngofnodi ar gyfer y defnyddiwr {user}. Gwiriwch yr enw defnyddiwr a’r cyfrinair.</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>The confirmation did not reach the meter: {reason}</source>
      <translation>Ni chyrhaeddodd y cadarnhad y mesurydd: {reason}</translation>
    </message>
    <message>
      <location filename="../source_setup.py" />
      <source>The demo could not start: {reason}</source>
      <translation>Methodd yr arddangosiad â chychwyn: {reason}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The demo is not running.</source>
      <translation>Nid yw’r arddangosiad yn rhedeg.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The device at that address is not the bridge advertised.</source>
      <translation>Nid y ddyfais yn y cyfeiriad hwnnw yw’r bont a hysbysebwyd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The display is not following this bridge now.</source>
      <translation>Nid yw’r dangosydd yn dilyn y bont hon nawr.</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>The gas meter reports every half hour.</source>
      <translation>Mae’r mesurydd nwy yn adrodd bob hanner awr.</translation>
    </message>
    <message>
      <location filename="../history/store.py" />
      <source>The history file cannot be removed ({reason}): the previous household's data is still on this display. Check the disk, then try again.</source>
      <translation>Ni ellir dileu’r ffeil hanes ({reason}): mae data’r aelwyd flaenorol yn dal ar y dangosydd hwn. Gwiriwch y ddisg, yna rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <location filename="../history/store.py" />
      <source>The history file {path} cannot be opened: {reason}</source>
      <translation>Ni ellir agor y ffeil hanes {path}: {reason}</translation>
    </message>
    <message>
      <location filename="../history/store.py" />
      <source>The history file {path} was damaged ({damage}); it was moved to {aside} and a fresh one started. Lost: the saved history (charts and totals); the meter's own log fills the last days again where the source keeps one.</source>
      <translation>Roedd y ffeil hanes {path} wedi’i difrodi ({damage}); fe’i symudwyd i {aside} a dechreuwyd un newydd. Collwyd: yr hanes a gadwyd (siartiau a chyfansymiau); mae log y mesurydd ei hun yn llenwi’r dyddiau diwethaf eto lle mae’r ffynhonnell yn cadw un.</translation>
    </message>
    <message>
      <location filename="../ui/zone_card.py" />
      <source>The home's time zone</source>
      <translation>Cylchfa amser y cartref</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The install code's check digits do not match (ends {ends}, the rest gives {expected}): a digit is probably mistyped.</source>
      <translation>Nid yw digidau gwirio’r cod gosod yn cyfateb (yn gorffen {ends}, mae’r gweddill yn rhoi {expected}): mae’n debyg bod digid wedi’i deipio’n anghywir.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>The meter could not apply the top-up. Try again later.</source>
      <translation>Ni allai'r mesurydd ychwanegu'r credyd. Rhowch gynnig arall arni yn nes ymlaen.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>The meter did not accept this code. Check the digits.</source>
      <translation>Ni dderbyniodd y mesurydd y cod hwn. Gwiriwch y digidau.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The meter did not answer ({what}).</source>
      <translation>Ni atebodd y mesurydd ({what}).</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>The meter did not answer. Your code was not used; try again.</source>
      <translation>Ni atebodd y mesurydd. Ni ddefnyddiwyd eich cod; rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The meter did not let the stick join. Has the supplier registered its install code?</source>
      <translation>Ni adawodd y mesurydd i’r ffon ymuno. Ydy’r cyflenwr wedi cofrestru ei chod gosod?</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>The meter has not sent a projection.</source>
      <translation>Nid yw'r mesurydd wedi anfon rhagolwg.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>The meter is at its maximum credit.</source>
      <translation>Mae'r mesurydd ar ei gredyd uchaf.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The meter refused the stick's credentials.</source>
      <translation>Gwrthododd y mesurydd fanylion adnabod y ffon.</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>The new language shows when the display next starts.</source>
      <translation>Bydd yr iaith newydd yn ymddangos pan fydd y sgrin yn cychwyn nesaf.</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>The operator PIN in the kiosk config cannot be used: {reason}</source>
      <translation>Ni ellir defnyddio PIN y gweithredwr yng nghyfluniad y ciosg: {reason}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The simulated homes did not start.</source>
      <translation>Ni ddechreuodd y cartrefi efelychiedig.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The smart meter did not answer set-up requests.</source>
      <translation>Ni atebodd y mesurydd clyfar y ceisiadau gosod.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The stick did not start: {reason}.</source>
      <translation>Ni ddechreuodd y ffon: {reason}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The stick is not running.</source>
      <translation>Nid yw’r ffon yn rhedeg.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The stick is starting.</source>
      <translation>Mae’r ffon yn cychwyn.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The stick lost the meter.</source>
      <translation>Collodd y ffon y mesurydd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The stick on {port} cannot show meter data: {reason}. Join the meter's network first (Settings → A Zigbee stick).</source>
      <translation>Ni all y ffon ar {port} ddangos data’r mesurydd: {reason}. Ymunwch â rhwydwaith y mesurydd yn gyntaf (Gosodiadau → Ffon Zigbee).</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The stick on {port} did not start: {reason}</source>
      <translation>Ni ddechreuodd y ffon ar {port}: {reason}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The stick on {port} is not answering (nothing within {seconds} s). Is it plugged in?</source>
      <translation>Nid yw’r ffon ar {port} yn ateb (dim byd o fewn {seconds} eiliad). Ydy hi wedi’i phlygio i mewn?</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>The supplier sends this with the bill.</source>
      <translation>Mae'r cyflenwr yn anfon hwn gyda'r bil.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The {radio} needs the {package} package: pip install {package}</source>
      <translation>Mae angen y pecyn {package} ar y {radio}: pip install {package}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>The {radio} on {port} did not start: {reason}</source>
      <translation>Ni ddechreuodd y {radio} ar {port}: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>Theme: {name}</source>
      <translation>Thema: {name}</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>This cannot be undone. Press “Yes, clear everything” to go on.</source>
      <translation>Ni ellir dadwneud hyn. Pwyswch “Ie, clirio popeth” i barhau.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>This code has already been used.</source>
      <translation>Mae'r cod hwn wedi'i ddefnyddio eisoes.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>This install code has an odd number of digits ({digits}): a digit is missing or extra.</source>
      <translation>Mae gan y cod gosod hwn odrif o ddigidau ({digits}): mae digid ar goll neu’n ormod.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>This is not the bridge this display was paired with.</source>
      <translation>Nid hon yw’r bont y parwyd y dangosydd hwn â hi.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>This meter does not take top-ups.</source>
      <translation>Nid yw’r mesurydd hwn yn derbyn credyd.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>This meter has no messages.</source>
      <translation>Nid oes gan y mesurydd hwn negeseuon.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>This meter has not reported a prepayment balance.</source>
      <translation>Nid yw’r mesurydd hwn wedi adrodd balans rhagdalu.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>This stick is {eui64}. Your supplier registers it with this number and its install code.</source>
      <translation>Y ffon hon yw {eui64}. Mae eich cyflenwr yn ei chofrestru gyda’r rhif hwn a’i chod gosod.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>This top-up is larger than the meter allows.</source>
      <translation>Mae'r credyd hwn yn fwy nag y mae'r mesurydd yn ei ganiatáu.</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Thu</source>
      <translation>Iau</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Thursday</source>
      <translation>Dydd Iau</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Tier {number}</source>
      <translation>Haen {number}</translation>
    </message>
    <message>
      <location filename="../ui/zone_card.py" />
      <source>Times on every page are in this zone. A meter that states its zone (GB smart meters do) overrides it.</source>
      <translation>Mae’r amseroedd ar bob tudalen yn y gylchfa hon. Mae mesurydd sy’n datgan ei gylchfa (fel mesuryddion clyfar Prydain) yn ei drechu.</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Times: this computer's zone ({zone}) until set in Settings</source>
      <translation>Amseroedd: cylchfa’r cyfrifiadur hwn ({zone}) nes ei gosod yn y Gosodiadau</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Today</source>
      <translation>Heddiw</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Today so far</source>
      <translation>Heddiw hyd yma</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Today's and tomorrow's rates</source>
      <translation>Cyfraddau heddiw ac yfory</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Tomorrow</source>
      <translation>Yfory</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>Too many wrong PINs. Try again in {minutes} min.</source>
      <translation>Gormod o PINau anghywir. Rhowch gynnig arall arni ymhen {minutes} munud.</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>Too many wrong PINs. Try again in {seconds} s.</source>
      <translation>Gormod o PINau anghywir. Rhowch gynnig arall arni ymhen {seconds} eiliad.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Top up</source>
      <translation>Ychwanegu credyd</translation>
    </message>
    <message>
      <location filename="../ui/credit_alert_banner.py" />
      <source>Top up now</source>
      <translation>Ychwanegu credyd nawr</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Top-up accepted.</source>
      <translation>Derbyniwyd y credyd.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Top-up accepted. Press the button on your meter to restore supply.</source>
      <translation>Derbyniwyd y credyd. Pwyswch y botwm ar eich mesurydd i adfer y cyflenwad.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Top-up accepted. Your supply is on.</source>
      <translation>Derbyniwyd y credyd. Mae eich cyflenwad ymlaen.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Top-up accepted. Your supply is still off.</source>
      <translation>Derbyniwyd y credyd. Mae eich cyflenwad i ffwrdd o hyd.</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Top-up code entered</source>
      <translation>Cod credyd a roddwyd</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Top-up log</source>
      <translation>Cofnod credyd</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>Top-up result</source>
      <translation>Canlyniad y credyd</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Top-ups are locked on this meter.</source>
      <translation>Mae ychwanegu credyd wedi'i gloi ar y mesurydd hwn.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Trying again in {seconds} s.</source>
      <translation>Rhoi cynnig arall arni ymhen {seconds} eiliad.</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Tue</source>
      <translation>Maw</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Tuesday</source>
      <translation>Dydd Mawrth</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Type the address or port first.</source>
      <translation>Teipiwch y cyfeiriad neu’r porth yn gyntaf.</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Type the code as the bridge shows it, e.g. 3-4821-0937.</source>
      <translation>Teipiwch y cod fel y mae’r bont yn ei ddangos, e.e. 3-4821-0937.</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Unit rate</source>
      <translation>Cyfradd uned</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Unknown kind of device: {kind}</source>
      <translation>Math anhysbys o ddyfais: {kind}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Unknown meter {meter}.</source>
      <translation>Mesurydd anhysbys {meter}.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Unknown radio type {radio}: one of {known}.</source>
      <translation>Math radio anhysbys {radio}: un o {known}.</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>Unlocked.</source>
      <translation>Wedi datgloi.</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Until the supplier changes it</source>
      <translation>Nes bydd y cyflenwr yn ei newid</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Until {time}, then the next rate applies</source>
      <translation>Tan {time}, yna bydd y gyfradd nesaf yn berthnasol</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>Urgent</source>
      <translation>Brys</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Use EAGLE</source>
      <translation>Defnyddio EAGLE</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Use Glow</source>
      <translation>Defnyddio Glow</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Use RAVEn</source>
      <translation>Defnyddio RAVEn</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Use for a demo meter</source>
      <translation>Defnyddio ar gyfer mesurydd arddangos</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Use the EAGLE gateway</source>
      <translation>Defnyddio porth yr EAGLE</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Use the Glow device</source>
      <translation>Defnyddio’r ddyfais Glow</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Use the RAVEn stick</source>
      <translation>Defnyddio’r ffon RAVEn</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Use the demo home</source>
      <translation>Defnyddio’r cartref arddangos</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Use this stick as the coordinator for a demo meter</source>
      <translation>Defnyddio’r ffon hon fel cydlynydd ar gyfer mesurydd arddangos</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Used up: friendly credit keeps your supply on for now</source>
      <translation>Wedi'i ddefnyddio: mae credyd cyfeillgar yn cadw eich cyflenwad ymlaen am y tro</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Used up: top up to restore your supply</source>
      <translation>Wedi’i ddefnyddio: ychwanegwch gredyd i adfer eich cyflenwad</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>User (optional)</source>
      <translation>Defnyddiwr (dewisol)</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Waiting for the meter</source>
      <translation>Yn aros am y mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>Waiting for the meter's price.</source>
      <translation>Yn aros am bris y mesurydd.</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Wed</source>
      <translation>Mer</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>Wednesday</source>
      <translation>Dydd Mercher</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>Weekend</source>
      <translation>Penwythnos</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>Weeks</source>
      <translation>Wythnosau</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>When someone moves out, clear this home's data so the next person cannot see it: the history of use, messages, top-ups, the budget and the pairing.</source>
      <translation>Pan fydd rhywun yn symud allan, cliriwch ddata’r cartref hwn fel na all y person nesaf ei weld: hanes y defnydd, negeseuon, credyd a ychwanegwyd, y gyllideb a’r paru.</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>Where your readings come from</source>
      <translation>O ble daw eich darlleniadau</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>Wrong PIN. 1 more try before a pause.</source>
      <translation>PIN anghywir. 1 cynnig arall cyn saib.</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>Wrong PIN. Try again in {minutes} min.</source>
      <translation>PIN anghywir. Rhowch gynnig arall arni ymhen {minutes} munud.</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>Wrong PIN. Try again in {seconds} s.</source>
      <translation>PIN anghywir. Rhowch gynnig arall arni ymhen {seconds} eiliad.</translation>
    </message>
    <message>
      <location filename="../kiosk/lock.py" />
      <source>Wrong PIN. {left} more tries before a pause.</source>
      <translation>PIN anghywir. {left} cynnig arall cyn saib.</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Yes, clear everything</source>
      <translation>Ie, clirio popeth</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Yesterday by this time: {kwh} kWh</source>
      <translation>Ddoe erbyn yr amser hwn: {kwh} kWh</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>Your bill so far</source>
      <translation>Eich bil hyd yma</translation>
    </message>
    <message>
      <location filename="../ui/supplier_line.py" />
      <source>Your supplier</source>
      <translation>Eich cyflenwr</translation>
    </message>
    <message>
      <location filename="../ui/supplier_line.py" />
      <source>Your supplier is changing to {name}</source>
      <translation>Mae eich cyflenwr yn newid i {name}</translation>
    </message>
    <message>
      <location filename="../ui/supplier_line.py" />
      <source>Your supplier: {name}</source>
      <translation>Eich cyflenwr: {name}</translation>
    </message>
    <message>
      <location filename="../ui/supplier_line.py" />
      <source>Your supplier: {name}, {contact}</source>
      <translation>Eich cyflenwr: {name}, {contact}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Your supply is on friendly credit until {until} ({left} left). It ends soon: top up now to keep your supply on.</source>
      <translation>Mae eich cyflenwad ar gredyd cyfeillgar tan {until} ({left} ar ôl). Mae'n dod i ben cyn hir: ychwanegwch gredyd nawr i gadw eich cyflenwad ymlaen.</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Your supply is on friendly credit until {until} ({left} left). Top up before then to keep it on.</source>
      <translation>Mae eich cyflenwad ar gredyd cyfeillgar tan {until} ({left} ar ôl). Ychwanegwch gredyd cyn hynny i'w gadw ymlaen.</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>Your supply stays on {hours}, even if your credit runs out.</source>
      <translation>Mae eich cyflenwad yn aros ymlaen {hours}, hyd yn oed os daw eich credyd i ben.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>Zigbee stick on {port} (joined to the meter)</source>
      <translation>Ffon Zigbee ar {port} (wedi ymuno â’r mesurydd)</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Zigbee sticks found</source>
      <translation>Ffyn Zigbee a ddaethpwyd o hyd iddynt</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>a Smart Energy network is in range but is not letting devices join — is the stick registered with your supplier?</source>
      <translation>mae rhwydwaith Ynni Clyfar o fewn cyrraedd ond nid yw’n gadael i ddyfeisiau ymuno — ydy’r ffon wedi’i chofrestru gyda’ch cyflenwr?</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>a block period</source>
      <translation>cyfnod bloc</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>a day</source>
      <translation>y dydd</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>a month</source>
      <translation>y mis</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>a quarter</source>
      <translation>y chwarter</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>a week</source>
      <translation>yr wythnos</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>about the same today</source>
      <translation>tua'r un faint heddiw</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>above {kwh} kWh {per}</source>
      <translation>uwch {kwh} kWh {per}</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>accepted</source>
      <translation>derbyniwyd</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>all day on {days}</source>
      <translation>drwy'r dydd ar {days}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>all day, every day</source>
      <translation>drwy'r dydd, bob dydd</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>all weekend</source>
      <translation>drwy'r penwythnos</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>already used</source>
      <translation>wedi'i ddefnyddio eisoes</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>an hour</source>
      <translation>yr awr</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>code not valid</source>
      <translation>cod ddim yn ddilys</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>cost of {kwh} kWh unknown (no price received)</source>
      <translation>cost {kwh} kWh yn anhysbys (dim pris wedi dod)</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>credit at its maximum</source>
      <translation>credyd ar ei uchaf</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>day</source>
      <translation>diwrnod</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>days</source>
      <translation>diwrnod</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>every day</source>
      <translation>bob dydd</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>exported {kwh} kWh</source>
      <translation>allforiwyd {kwh} kWh</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>first {kwh} kWh {per}</source>
      <translation>y {kwh} kWh cyntaf {per}</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>half hour</source>
      <translation>hanner awr</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>half hours</source>
      <translation>hanner awr</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>includes {cost} standing charge</source>
      <translation>yn cynnwys tâl sefydlog o {cost}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>key confirmation failed: the meter and this stick derived different keys</source>
      <translation>methodd cadarnhau’r allwedd: cafodd y mesurydd a’r ffon hon allweddi gwahanol</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>last half hour {kwh} kWh</source>
      <translation>yr hanner awr diwethaf {kwh} kWh</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>meter error</source>
      <translation>gwall mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>meter reads {m3} m³</source>
      <translation>mae’r mesurydd yn darllen {m3} m³</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>month</source>
      <translation>mis</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>months</source>
      <translation>mis</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>no Smart Energy network found — is the stick registered with your supplier?</source>
      <translation>ni chafwyd hyd i rwydwaith Ynni Clyfar — ydy’r ffon wedi’i chofrestru gyda’ch cyflenwr?</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>no answer from the meter</source>
      <translation>dim ateb gan y mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/state.py" />
      <source>no data yet</source>
      <translation>dim data eto</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>nothing answered on {port}</source>
      <translation>ni atebodd dim byd ar {port}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>nothing chosen yet</source>
      <translation>dim wedi’i ddewis eto</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>on holidays</source>
      <translation>ar wyliau</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>or type its address, e.g. https://192.168.1.20:8443</source>
      <translation>neu teipiwch ei chyfeiriad, e.e. https://192.168.1.20:8443</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>overdue</source>
      <translation>yn hwyr</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>pending</source>
      <translation>yn yr arfaeth</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>price not sent</source>
      <translation>pris heb ei anfon</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>received</source>
      <translation>wedi'i dderbyn</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>refused</source>
      <translation>gwrthodwyd</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>the 12 weeks before</source>
      <translation>y 12 wythnos cyn hynny</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>the meter did not offer key establishment</source>
      <translation>ni chynigiodd y mesurydd sefydlu allweddi</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>the meter refused key establishment</source>
      <translation>gwrthododd y mesurydd sefydlu allweddi</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>the meter sent a key establishment message that makes no sense</source>
      <translation>anfonodd y mesurydd neges sefydlu allweddi nad yw’n gwneud synnwyr</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>the meter's certificate is from a different authority than this stick's (test and production certificates do not mix)</source>
      <translation>mae tystysgrif y mesurydd gan awdurdod gwahanol i un y ffon hon (nid yw tystysgrifau prawf a chynhyrchu yn cymysgu)</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>the meter's network did not let this stick in — check the install code is the one registered with your supplier</source>
      <translation>ni adawodd rhwydwaith y mesurydd y ffon hon i mewn — gwiriwch mai’r cod gosod yw’r un a gofrestrwyd gyda’ch cyflenwr</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>the same days last week</source>
      <translation>yr un diwrnodau yr wythnos diwethaf</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>the same months a year before</source>
      <translation>yr un misoedd flwyddyn ynghynt</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>the stick stopped answering or reported an error</source>
      <translation>peidiodd y ffon ag ateb neu adroddodd wall</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>this stick has no Smart Energy certificate — it can run a demo meter, but cannot join a smart meter's network</source>
      <translation>nid oes gan y ffon hon dystysgrif Ynni Clyfar — gall redeg mesurydd arddangos, ond ni all ymuno â rhwydwaith mesurydd clyfar</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>three payments overdue</source>
      <translation>tri thaliad yn hwyr</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>timed out waiting for the meter</source>
      <translation>daeth yr amser i ben wrth aros am y mesurydd</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>timed out waiting for the meter's network to let this stick in</source>
      <translation>daeth yr amser i ben wrth aros i rwydwaith y mesurydd adael y ffon hon i mewn</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>too large</source>
      <translation>rhy fawr</translation>
    </message>
    <message>
      <location filename="../ui/words.py" />
      <source>top-ups locked</source>
      <translation>credyd wedi'i gloi</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>two payments overdue</source>
      <translation>dau daliad yn hwyr</translation>
    </message>
    <message>
      <location filename="../ui/state.py" />
      <source>updated just now</source>
      <translation>diweddarwyd gynnau</translation>
    </message>
    <message>
      <location filename="../ui/state.py" />
      <source>updated {minutes} min ago</source>
      <translation>diweddarwyd {minutes} mun yn ôl</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>week</source>
      <translation>wythnos</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>weekdays</source>
      <translation>ddyddiau'r wythnos</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>weeks</source>
      <translation>wythnos</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>yesterday</source>
      <translation>ddoe</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>your average use over the last {days} days</source>
      <translation>eich defnydd cyfartalog dros y {days} diwrnod diwethaf</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>your use on each day of the week over the last {days} days</source>
      <translation>eich defnydd ar bob diwrnod o'r wythnos dros y {days} diwrnod diwethaf</translation>
    </message>
    <message>
      <location filename="../ui/account_view.py" />
      <source>{amount} paid on {day} ({status})</source>
      <translation>{amount} wedi'i dalu ar {day} ({status})</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>{band}, {where}: {price}</source>
      <translation>{band}, {where}: {price}</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>{budget} a day</source>
      <translation>{budget} y dydd</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{cost} (estimated)</source>
      <translation>{cost} (amcangyfrif)</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{cost} an hour</source>
      <translation>{cost} yr awr</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>{count} more digits.</source>
      <translation>{count} digid arall.</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{count} simulated homes</source>
      <translation>{count} cartref efelychiedig</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{days} and {last}</source>
      <translation>{days} a {last}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{days} days {hours} h</source>
      <translation>{days} diwrnod {hours} awr</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>{days} left</source>
      <translation>{days} ar ôl</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{day} {month}</source>
      <translation>{day} {month}</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>{fuel}: none</source>
      <translation>{fuel}: dim</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>{fuel}: not given by the meter</source>
      <translation>{fuel}: heb ei roi gan y mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>{gaps} of {bars} bars so far have no data</source>
      <translation>Nid oes data gan {gaps} o {bars} bar hyd yma</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{hours} every day</source>
      <translation>{hours} bob dydd</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{hours} h {minutes} min</source>
      <translation>{hours} awr {minutes} mun</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{hours} on {days}</source>
      <translation>{hours} ar {days}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{kwh} kWh from the meter's log priced at the tariff in force</source>
      <translation>{kwh} kWh o log y mesurydd wedi'u prisio ar y tariff presennol</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>{label}: {amount} {per}</source>
      <translation>{label}: {amount} {per}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{minutes} min</source>
      <translation>{minutes} mun</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>{page} page</source>
      <translation>Tudalen {page}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{parts} and {last}</source>
      <translation>{parts} a {last}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{percent}% less today</source>
      <translation>{percent}% yn llai heddiw</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>{percent}% more than usual at this time, but still a small amount</source>
      <translation>{percent}% yn fwy na'r arfer ar yr adeg hon, ond swm bach o hyd</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>{percent}% more than you usually use at this time</source>
      <translation>{percent}% yn fwy nag rydych chi'n ei ddefnyddio fel arfer ar yr adeg hon</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{percent}% more today</source>
      <translation>{percent}% yn fwy heddiw</translation>
    </message>
    <message>
      <location filename="../ui/history_page.py" />
      <source>{period}: {amount}</source>
      <translation>{period}: {amount}</translation>
    </message>
    <message>
      <location filename="../ui/tariff_page.py" />
      <source>{price} per kWh</source>
      <translation>{price} y kWh</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{radio} on {port}</source>
      <translation>{radio} ar {port}</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{radio} on {port} — can join a smart meter's network ({curves} certificate)</source>
      <translation>{radio} ar {port} — gall ymuno â rhwydwaith mesurydd clyfar (tystysgrif {curves})</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{radio} on {port} — can join a smart meter's network if it has a Smart Energy certificate</source>
      <translation>{radio} ar {port} — gall ymuno â rhwydwaith mesurydd clyfar os oes ganddi dystysgrif Ynni Clyfar</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{radio} on {port} — can join a smart meter's network if it has a Smart Energy certificate (could not check: {reason})</source>
      <translation>{radio} ar {port} — gall ymuno â rhwydwaith mesurydd clyfar os oes ganddi dystysgrif Ynni Clyfar (methu gwirio: {reason})</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{radio} on {port} — can run a demo meter only, cannot join a meter's network</source>
      <translation>{radio} ar {port} — gall redeg mesurydd arddangos yn unig, ni all ymuno â rhwydwaith mesurydd</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{radio} on {port} — no Smart Energy certificate: can run a demo meter only, cannot join a meter's network</source>
      <translation>{radio} ar {port} — dim tystysgrif Ynni Clyfar: gall redeg mesurydd arddangos yn unig, ni all ymuno â rhwydwaith mesurydd</translation>
    </message>
    <message>
      <location filename="../../bridge/status_text.py" />
      <source>{reason_said} ({detail})</source>
      <translation>{reason_said} ({detail})</translation>
    </message>
    <message>
      <location filename="../display_app.py" />
      <source>{reason} History is off; live readings still show.</source>
      <translation>{reason} Mae’r hanes wedi’i ddiffodd; mae darlleniadau byw yn dal i ddangos.</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>{result} {value} added.</source>
      <translation>{result} Ychwanegwyd {value}.</translation>
    </message>
    <message>
      <location filename="../display_app.py" />
      <source>{source} — {scenario}</source>
      <translation>{source} — {scenario}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{spent} of {budget} on electricity and gas: {left} left today</source>
      <translation>{spent} o {budget} ar drydan a nwy: {left} ar ôl heddiw</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{spent} of {budget}: {left} left today</source>
      <translation>{spent} o {budget}: {left} ar ôl heddiw</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{spent} on electricity and gas: over today's budget of {budget}</source>
      <translation>{spent} ar drydan a nwy: dros gyllideb heddiw o {budget}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{spent}: over today's budget of {budget}</source>
      <translation>{spent}: dros gyllideb heddiw o {budget}</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>{state}: {words}</source>
      <translation>{state}: {words}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{time} tomorrow</source>
      <translation>{time} yfory</translation>
    </message>
    <message>
      <location filename="../ui/when.py" />
      <source>{weekday} {day} {month}</source>
      <translation>{weekday} {day} {month}</translation>
    </message>
    <message>
      <location filename="../ui/friendly_words.py" />
      <source>{weekday} {time}</source>
      <translation>{weekday} {time}</translation>
    </message>
    <message>
      <location filename="../ui/topup_page.py" />
      <source>⌫ Delete</source>
      <translation>⌫ Dileu</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>☀ Exporting {kw} kW to the grid</source>
      <translation>☀ Yn allforio {kw} kW i’r grid</translation>
    </message>
    <message>
      <location filename="../credit_alert.py" />
      <source>⚠ Credit and emergency credit used up: the supply may switch off. Top up now.</source>
      <translation>⚠ Credyd a chredyd brys wedi’u defnyddio: gall y cyflenwad ddiffodd. Ychwanegwch gredyd nawr.</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>⚠ Joined, but the meter's readings did not come: {reason}</source>
      <translation>⚠ Wedi ymuno, ond ni ddaeth darlleniadau’r mesurydd: {reason}</translation>
    </message>
    <message>
      <location filename="../credit_alert.py" />
      <source>⚠ Low credit: {amount} left. Top up soon.</source>
      <translation>⚠ Credyd isel: {amount} ar ôl. Ychwanegwch gredyd yn fuan.</translation>
    </message>
    <message>
      <location filename="../ui/credit_alert_banner.py" />
      <source>⚠ No credit left. {friendly}</source>
      <translation>⚠ Dim credyd ar ôl. {friendly}</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>⚠ Not joined: {reason}</source>
      <translation>⚠ Heb ymuno: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>⚠ Not live: {age}</source>
      <translation>⚠ Nid yn fyw: {age}</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>⚠ Not started: {reason}</source>
      <translation>⚠ Heb gychwyn: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>⚠ The kiosk config has problems; these lines were left out:</source>
      <translation>⚠ Mae problemau yng nghyfluniad y ciosg; gadawyd y llinellau hyn allan:</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>⚠ The stick stopped answering: {reason}</source>
      <translation>⚠ Peidiodd y ffon ag ateb: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>⚠ This computer's clock is {amount} ahead of the meter's: the display uses the meter's time</source>
      <translation>⚠ Mae cloc y cyfrifiadur hwn {amount} o flaen cloc y mesurydd: mae'r sgrin yn defnyddio amser y mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>⚠ This computer's clock is {amount} behind the meter's: the display uses the meter's time</source>
      <translation>⚠ Mae cloc y cyfrifiadur hwn {amount} y tu ôl i gloc y mesurydd: mae'r sgrin yn defnyddio amser y mesurydd</translation>
    </message>
    <message>
      <location filename="../credit_alert.py" />
      <source>⚠ Using emergency credit: {amount} left. It is paid back from your next top-up.</source>
      <translation>⚠ Yn defnyddio credyd brys: {amount} ar ôl. Caiff ei dalu’n ôl o’ch credyd nesaf.</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>✔ Cleared. The display is ready for the next occupier.</source>
      <translation>✔ Wedi clirio. Mae’r sgrin yn barod i’r preswylydd nesaf.</translation>
    </message>
    <message>
      <location filename="../ui/messages_page.py" />
      <source>✔ Confirmed</source>
      <translation>✔ Wedi cadarnhau</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>✔ Connected. Readings come from it now.</source>
      <translation>✔ Wedi cysylltu. Mae darlleniadau’n dod ohoni nawr.</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>✔ Joined your smart meter's network and exchanged keys with it.</source>
      <translation>✔ Wedi ymuno â rhwydwaith eich mesurydd clyfar a chyfnewid allweddi ag ef.</translation>
    </message>
    <message>
      <location filename="../ui/settings_page.py" />
      <source>✔ Paired. Readings come from the bridge now.</source>
      <translation>✔ Wedi paru. Mae darlleniadau’n dod o’r bont nawr.</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>✔ The demo meter is read through this stick.</source>
      <translation>✔ Mae’r mesurydd arddangos yn cael ei ddarllen drwy’r ffon hon.</translation>
    </message>
  </context>
</TS>
