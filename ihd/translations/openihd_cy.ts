<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
  <context>
    <name>OpenIHD</name>
    <message>
      <location filename="../ui/now_page.py" />
      <source>(not live)</source>
      <translation>(nid yn fyw)</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>A Zigbee stick</source>
      <translation>Ffon Zigbee</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>About 1 day left at your recent use</source>
      <translation>Tua 1 diwrnod ar ôl ar eich defnydd diweddar</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>About what you usually use at this time</source>
      <translation>Tua’r hyn rydych chi’n ei ddefnyddio fel arfer ar yr adeg hon</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>About {days} days left at your recent use</source>
      <translation>Tua {days} diwrnod ar ôl ar eich defnydd diweddar</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Ambient feedback</source>
      <translation>Adborth amgylchynol</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>An estimate of days left appears after a day of use.</source>
      <translation>Bydd amcangyfrif o’r dyddiau sy’n weddill yn ymddangos ar ôl diwrnod o ddefnydd.</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Available: you can select it on the meter or here</source>
      <translation>Ar gael: gallwch ei ddewis ar y mesurydd neu yma</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Balance</source>
      <translation>Balans</translation>
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
      <location filename="../ui/stick_card.py" />
      <source>Choose the stick, then follow the steps.</source>
      <translation>Dewiswch y ffon, yna dilynwch y camau.</translation>
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
      <location filename="../ui/operator_card.py" />
      <source>Confirm: clear all of this home's data</source>
      <translation>Cadarnhau: clirio holl ddata’r cartref hwn</translation>
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
      <location filename="../ui/balance_page.py" />
      <source>Debt</source>
      <translation>Dyled</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Digit {digit}</source>
      <translation>Digid {digit}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Electricity now</source>
      <translation>Trydan nawr</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Emergency credit</source>
      <translation>Credyd brys</translation>
    </message>
    <message>
      <location filename="../ui/operator_pin_page.py" />
      <source>Enter</source>
      <translation>Mewnbynnu</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Everyday appliances are on</source>
      <translation>Mae offer bob dydd ymlaen</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Gas, last half hour</source>
      <translation>Nwy, yr hanner awr olaf</translation>
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
      <location filename="../ui/display_card.py" />
      <source>How the display looks</source>
      <translation>Sut mae’r sgrin yn edrych</translation>
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
      <location filename="../ui/stick_card.py" />
      <source>Install code (on the stick's label)</source>
      <translation>Cod gosod (ar label y ffon)</translation>
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
      <location filename="../ui/now_page.py" />
      <source>Last heard from the meter: {age}.</source>
      <translation>Clywyd gan y mesurydd ddiwethaf: {age}.</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Leave kiosk mode</source>
      <translation>Gadael y modd ciosg</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Less than you usually use at this time</source>
      <translation>Llai nag rydych chi’n ei ddefnyddio fel arfer ar yr adeg hon</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Look for Zigbee sticks</source>
      <translation>Chwilio am ffyn Zigbee</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Looking… each port takes a few seconds.</source>
      <translation>Yn chwilio… mae pob porth yn cymryd ychydig eiliadau.</translation>
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
      <location filename="../ui/main_window.py" />
      <source>Messages</source>
      <translation>Negeseuon</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>More than you usually use at this time</source>
      <translation>Mwy nag rydych chi’n ei ddefnyddio fel arfer ar yr adeg hon</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>New occupier and operator</source>
      <translation>Preswylydd newydd a gweithredwr</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>No Zigbee stick answered. Is it plugged in?</source>
      <translation>Ni atebodd unrhyw ffon Zigbee. Ydy hi wedi’i phlygio i mewn?</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>No live reading</source>
      <translation>Dim darlleniad byw</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>No source chosen</source>
      <translation>Dim ffynhonnell wedi’i dewis</translation>
    </message>
    <message>
      <location filename="../feedback.py" />
      <source>Normal use</source>
      <translation>Defnydd arferol</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Not available until your credit is low</source>
      <translation>Ddim ar gael nes bydd eich credyd yn isel</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Not cleared: {reason}</source>
      <translation>Heb ei glirio: {reason}</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>Now</source>
      <translation>Nawr</translation>
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
      <location filename="../ui/operator_card.py" />
      <source>Problems in the operator config</source>
      <translation>Problemau yng nghyfluniad y gweithredwr</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Readings appear here within a few seconds.</source>
      <translation>Bydd darlleniadau’n ymddangos yma o fewn ychydig eiliadau.</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Result</source>
      <translation>Canlyniad</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Selected: it will be used when your credit runs out</source>
      <translation>Wedi’i ddewis: caiff ei ddefnyddio pan fydd eich credyd yn dod i ben</translation>
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
      <location filename="../feedback.py" />
      <source>Something power-hungry is on</source>
      <translation>Mae rhywbeth sy’n defnyddio llawer o bŵer ymlaen</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>Standard</source>
      <translation>Safonol</translation>
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
      <location filename="../ui/main_window.py" />
      <source>Tariff</source>
      <translation>Tariff</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>The gas meter reports every half hour.</source>
      <translation>Mae’r mesurydd nwy yn adrodd bob hanner awr.</translation>
    </message>
    <message>
      <location filename="../ui/display_card.py" />
      <source>The new language shows when the display next starts.</source>
      <translation>Bydd yr iaith newydd yn ymddangos pan fydd y sgrin yn cychwyn nesaf.</translation>
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
      <location filename="../ui/balance_page.py" />
      <source>This meter has not reported a prepayment balance.</source>
      <translation>Nid yw’r mesurydd hwn wedi adrodd balans rhagdalu.</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Today so far</source>
      <translation>Heddiw hyd yma</translation>
    </message>
    <message>
      <location filename="../ui/credit_alert_banner.py" />
      <source>Top up</source>
      <translation>Ychwanegu credyd</translation>
    </message>
    <message>
      <location filename="../ui/credit_alert_banner.py" />
      <source>Top up now</source>
      <translation>Ychwanegu credyd nawr</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Use for a demo meter</source>
      <translation>Defnyddio ar gyfer mesurydd arddangos</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Use this stick as the coordinator for a demo meter</source>
      <translation>Defnyddio’r ffon hon fel cydlynydd ar gyfer mesurydd arddangos</translation>
    </message>
    <message>
      <location filename="../ui/balance_page.py" />
      <source>Used up: top up to restore your supply</source>
      <translation>Wedi’i ddefnyddio: ychwanegwch gredyd i adfer eich cyflenwad</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>Waiting for the meter</source>
      <translation>Yn aros am y mesurydd</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>When someone moves out, clear this home's data so the next person cannot see it: the history of use, messages, top-ups, the budget and the pairing.</source>
      <translation>Pan fydd rhywun yn symud allan, cliriwch ddata’r cartref hwn fel na all y person nesaf ei weld: hanes y defnydd, negeseuon, credyd a ychwanegwyd, y gyllideb a’r paru.</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>Yes, clear everything</source>
      <translation>Ie, clirio popeth</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>Zigbee sticks found</source>
      <translation>Ffyn Zigbee a ddaethpwyd o hyd iddynt</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>cost of {kwh} kWh unknown (no price received)</source>
      <translation>cost {kwh} kWh yn anhysbys (dim pris wedi dod)</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>exported {kwh} kWh</source>
      <translation>allforiwyd {kwh} kWh</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>includes {cost} standing charge</source>
      <translation>yn cynnwys tâl sefydlog o {cost}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>meter reads {m3} m³</source>
      <translation>mae’r mesurydd yn darllen {m3} m³</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{cost} an hour</source>
      <translation>{cost} yr awr</translation>
    </message>
    <message>
      <location filename="../ui/main_window.py" />
      <source>{page} page</source>
      <translation>Tudalen {page}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{spent} of {budget}: {left} left today</source>
      <translation>{spent} o {budget}: {left} ar ôl heddiw</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>{spent}: over today's budget of {budget}</source>
      <translation>{spent}: dros gyllideb heddiw o {budget}</translation>
    </message>
    <message>
      <location filename="../ui/now_page.py" />
      <source>☀ Exporting {kw} kW to the grid</source>
      <translation>☀ Yn allforio {kw} kW i’r grid</translation>
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
      <location filename="../credit_alert.py" />
      <source>⚠ Using emergency credit: {amount} left. It is paid back from your next top-up.</source>
      <translation>⚠ Yn defnyddio credyd brys: {amount} ar ôl. Caiff ei dalu’n ôl o’ch credyd nesaf.</translation>
    </message>
    <message>
      <location filename="../credit_alert.py" />
      <source>⛔ Credit and emergency credit used up: the supply may switch off. Top up now.</source>
      <translation>⛔ Credyd a chredyd brys wedi’u defnyddio: gall y cyflenwad ddiffodd. Ychwanegwch gredyd nawr.</translation>
    </message>
    <message>
      <location filename="../ui/operator_card.py" />
      <source>✔ Cleared. The display is ready for the next occupier.</source>
      <translation>✔ Wedi clirio. Mae’r sgrin yn barod i’r preswylydd nesaf.</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>✔ Joined your smart meter's network and exchanged keys with it.</source>
      <translation>✔ Wedi ymuno â rhwydwaith eich mesurydd clyfar a chyfnewid allweddi ag ef.</translation>
    </message>
    <message>
      <location filename="../ui/stick_card.py" />
      <source>✔ The demo meter is read through this stick.</source>
      <translation>✔ Mae’r mesurydd arddangos yn cael ei ddarllen drwy’r ffon hon.</translation>
    </message>
  </context>
</TS>
