# Writes dev/neutral-statements.tsv (run from lab/data/sentiment/): plain factual statements from
# templates and a hand-written list, all written for this project. Deterministic (seeded).
# Also dev/negated-statements.tsv: plain statements that say what is not, from one template and
# a hand-written list, which training never reads: npm run eval only.
import itertools, random
random.seed(15)
T = [
 ("The {thing} is {place}.", {"thing":["meeting","appointment","class","lecture","interview","call","workshop","briefing"],"place":["at 3pm in room 204","on the second floor","in the main building","on Tuesday morning","at the library","in conference room B","at 10:30 tomorrow","next to the cafeteria"]}),
 ("The {vehicle} leaves at {time} from {where}.", {"vehicle":["train","bus","ferry","shuttle","flight"],"time":["nine","7:15","noon","half past six","8 am"],"where":["platform 4","the north terminal","gate 12","the main station","the harbour"]}),
 ("It is a {obj}.", {"obj":["chair","table","lamp","phone","book","bicycle","kettle","door","window","printer","box","pen"]}),
 ("The {obj} is made of {mat}.", {"obj":["table","frame","case","handle","bottle","bag","shelf","cover"],"mat":["wood","plastic","steel","aluminium","glass","cotton","leather","paper"]}),
 ("The package contains {n} {items}.", {"n":["two","three","four","six","ten","twelve"],"items":["screws","cables","batteries","adapters","pages of instructions","filters","spare parts"]}),
 ("The {store} opens at {time} on {day}.", {"store":["shop","pharmacy","bakery","post office","bank","museum","supermarket"],"time":["8 am","nine","10:00","noon"],"day":["weekdays","Saturdays","Sundays","Monday","public holidays"]}),
 ("I ordered the {item} on {day} and it arrived on {day2}.", {"item":["charger","case","headset","cable","keyboard","router"],"day":["Monday","Tuesday","the 3rd","Friday"],"day2":["Thursday","Wednesday","the 7th","Saturday"]}),
 ("The battery is rated at {n} mAh.", {"n":["3000","4500","5000","2200","1800"]}),
 ("The film runs for {n} minutes and was shot in {place}.", {"n":["95","104","118","132","87"],"place":["Canada","Morocco","New Zealand","Berlin","Texas","Japan"]}),
 ("The restaurant is on {street} near the {land}.", {"street":["Main Street","Fifth Avenue","the corner of Elm and Oak","King Street","the old market square"],"land":["station","park","river","cathedral","bridge","university"]}),
 ("She moved to {city} in {year}.", {"city":["Lisbon","Chicago","Toronto","Manchester","Sydney","Seoul"],"year":["2009","2015","1998","2021","2003"]}),
 ("The {doc} has {n} pages.", {"doc":["report","manual","contract","book","brochure","form"],"n":["12","40","250","three","eight"]}),
 ("Press the {btn} button to {act}.", {"btn":["power","reset","left","menu","side"],"act":["restart the device","open the settings","turn it off","switch modes","pair it with your phone"]}),
 ("The {org} will vote on the {topic} on {day}.", {"org":["city council","committee","board","school board","union"],"topic":["budget","new schedule","proposal","parking rules","annual plan"],"day":["Tuesday","Thursday","next week","the 14th"]}),
 ("What time does the {place} close?", {"place":["store","gym","library","pool","office","museum"]}),
 ("Where can I find the {thing}?", {"thing":["user manual","charging cable","receipt","parking area","nearest exit","warranty card"]}),
 ("The {part} is {size} long.", {"part":["cable","cord","strap","hose","rope","board"],"size":["two metres","30 cm","six feet","1.5 m","one yard"]}),
 ("We are driving to {city} tomorrow.", {"city":["Boston","the coast","my parents' house","Denver","the airport","the lake"]}),
 ("The {dish} comes with {side}.", {"dish":["burger","steak","salad","pasta","fish","omelette"],"side":["rice","fries","a small salad","bread","soup","vegetables"]}),
 ("The phone has a {n}-inch screen and {m} GB of storage.", {"n":["5","6","6.1","6.7"],"m":["64","128","256"]}),
 ("My sister works at a {place} in {city}.", {"place":["hospital","school","bank","bookshop","factory","hotel"],"city":["Dublin","Austin","Leeds","Ottawa","Perth"]}),
 ("The hotel has {n} rooms and a {fac}.", {"n":["40","120","300","18"],"fac":["pool","gym","parking garage","restaurant","conference room"]}),
 ("The movie is based on a {src} by {who}.", {"src":["novel","short story","play","comic book","true story"],"who":["a Scottish author","a journalist","an American writer","his grandfather","a former soldier"]}),
 ("I will call you after the {event}.", {"event":["meeting","lecture","game","appointment","flight","lunch"]}),
 ("The update was released on {day} for {plat}.", {"day":["Monday","March 3","the first of the month","Friday"],"plat":["Android","iOS","Windows","all devices","the web version"]}),
 ("This {thing} uses {n} AA batteries.", {"thing":["remote","clock","radio","flashlight","mouse","toy"],"n":["two","three","four"]}),
 ("The {anim} sleeps in the {spot}.", {"anim":["cat","dog","rabbit","puppy"],"spot":["kitchen","garage","living room","basket by the door"]}),
 ("The report is due on {day}.", {"day":["Friday","the 30th","Monday morning","next Wednesday","the end of the month"]}),
 ("He ordered a {drink} and a {food}.", {"drink":["coffee","tea","glass of water","soda","juice"],"food":["sandwich","muffin","bagel","bowl of soup","salad"]}),
 ("The {course} starts in {month}.", {"course":["course","semester","season","program","new term"],"month":["September","January","spring","the autumn","April"]}),
]
EXTRA = """Heading to the airport now, the flight is at six.
The store is closed on Sundays.
Water boils at 100 degrees Celsius at sea level.
The population of the town is about 12,000.
The book was translated into French in 1987.
This model comes in black, white and blue.
The charger plugs into a standard USB port.
You can return the item within 30 days.
The server restarts every night at two.
The kids are at school until three.
The parcel was left at the front door.
The concert starts at eight and ends at eleven.
The first episode aired in 2014.
We had dinner at the hotel.
The menu changes every week.
The director also wrote the script.
The app is available on Android and iOS.
I bought this phone last month.
The screen size is 15 inches.
The recipe uses two eggs and a cup of flour.
Tickets can be bought at the door.
The museum is free on the first Sunday of the month.
The car is parked on level three.
The train to London stops at Reading.
My order number is 48213.
The waiter brought the menu.
The plot follows two brothers on a road trip.
The headset connects over Bluetooth.
Is this available in a larger size?
Does the case fit the newer model?
The event has been moved to Thursday.
The office will be closed on Monday.
The bus was ten minutes late.
The room has two beds and a desk.
They serve breakfast from seven to ten.
The manual is in English and Spanish.
I used it for the first time yesterday.
The film was released in theaters in May.
The device weighs 200 grams.
The shop is across the street from the bank.
Please send the file by email.
The password must have at least eight characters.
The meeting was rescheduled to next week.
The river runs through the middle of the city.
I'm taking the bus home.
Going to the gym after work.
Just landed in Chicago.
The game starts at 7 tonight.
My phone is charging.
The camera has two lenses.""".split("\n")
rows=[]
for tmpl, slots in T:
    keys=list(slots)
    combos=list(itertools.product(*[slots[k] for k in keys]))
    random.shuffle(combos)
    for c in combos[:11]:
        rows.append(tmpl.format(**dict(zip(keys,c))))
rows += EXTRA
seen=set(); out=[]
for r in rows:
    if r not in seen: seen.add(r); out.append(r)
def write(path, rows):
    with open(path,'w') as f:
        f.write("text\tlabel\n")
        for r in rows: f.write(r+"\tneutral\n")
    print(path, len(rows))
write('dev/neutral-statements.tsv', out)
# Statements say what is not, too: a negation is no sign of an opinion by itself. Not in the
# templates above, so the neutral model is never fitted on these.
NEGATED_TEMPLATE = ("The {place} does not {act} on {day}.", {"place":["shop","bank","library","museum","pharmacy","post office"],"act":["open","deliver","take bookings","close early"],"day":["Sundays","Mondays","public holidays","the weekend"]})
NEGATED_EXTRA = """The store does not open on Sundays.
There is no parking at the station.
The hotel has no pool.
The bus does not stop here after midnight.
I haven't read the second book yet.
The phone doesn't come with a charger.
The museum is not open on Mondays.
We didn't go to the office today.
The app does not run on Windows.
There are no trains on Christmas Day.
The package did not include a manual.
He has never been to Canada.
The form cannot be sent after Friday.
The price does not include tax.
I don't have a car.
The flight isn't direct, it stops in Madrid.
No dogs are allowed in the building.
The library won't open until nine.""".split("\n")
tmpl, slots = NEGATED_TEMPLATE
keys=list(slots)
combos=list(itertools.product(*[slots[k] for k in keys]))
random.shuffle(combos)
write('dev/negated-statements.tsv', [tmpl.format(**dict(zip(keys,c))) for c in combos[:11]] + NEGATED_EXTRA)
