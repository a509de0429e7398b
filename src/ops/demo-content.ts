import type { Mark } from '../domain/article.js';
import type { WireDraft } from '../wire/types.js';

/**
 * The demo articles a fresh site loads on first run: eight short, wholly fictional stories set in the
 * invented country of Marland (its towns, people, institutions and events are made up), one or more per
 * section, so the home page and section pages look like a working paper's from the start.
 */

export type DemoArticle = WireDraft & { section: string; slug?: string };

/** A mark over the first occurrence of `phrase` in `text`; throws when the phrase is missing, so offsets cannot drift. */
function markOver(text: string, phrase: string, kind: Mark['kind'], href?: string): Mark {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`demo content: "${phrase}" is not in "${text}"`);
  return href === undefined ? { kind, start, end: start + phrase.length } : { kind, start, end: start + phrase.length, href };
}

const SYMPHONY_FIND =
  'The score of the Symphony in E flat, which Vendel subtitled The Salt Roads, turned up in 2024 in an unlabelled trunk at the Fenbridge Conservatory, and it is now listed in the conservatory’s online catalogue.';

export const DEMO_ARTICLES: readonly DemoArticle[] = [
  // The lead story: the newest item, two bylines, crossheads, key points.
  {
    headline: 'Storm surge overwhelms Port Ellis flood barrier, forcing hundreds from their homes',
    standfirst:
      'One of the harbour barrier’s three gates failed to close as the highest tide in half a century swept into the old town overnight.',
    section: 'news',
    dateline: { text: 'PORT ELLIS, MARLAND', city: 'Port Ellis', country: 'Marland' },
    bylines: [
      { name: 'Helena Marsworth', location: 'Port Ellis', role: 'Chief reporter' },
      { name: 'Tomas Reddaway', location: 'Harwick' },
    ],
    body: [
      {
        type: 'paragraph',
        text: 'More than 600 people were moved out of their homes in Port Ellis overnight after a storm surge pushed seawater over the harbour wall and into the streets of the old town, where one of the flood barrier’s three gates failed to close.',
      },
      {
        type: 'paragraph',
        text: 'Water reached the ground floors of houses along Quay Row and Chandler Street by 2am on Thursday, according to the Marland Coastguard, which said its crews had carried 41 people to safety by boat. No deaths have been reported, but two people were taken to St Brennan’s Hospital with hypothermia.',
      },
      {
        type: 'paragraph',
        text: '“We watched the gate stop halfway and we knew what was coming,” said Ansel Corrigle, 58, who has run a chandlery on the quay for thirty years. “By the time the sirens went, the water was already at my door.”',
      },
      { type: 'crosshead', text: 'Questions over a four-year-old barrier' },
      {
        type: 'paragraph',
        text: 'The barrier opened in 2022 at a cost of 310 million marks and was designed to withstand a once-in-a-century surge. Engineers from the National Waterways Authority were inspecting the eastern gate on Thursday morning and said it was too early to say why it had jammed.',
      },
      {
        type: 'paragraph',
        text: 'Mayor Ruth Okanby-Lind said the city would demand a full independent inquiry. “People were told this barrier would keep them safe. Last night it did not, and they deserve to know why,” she told reporters at a reception centre set up in the Corn Exchange.',
      },
      {
        type: 'paragraph',
        text: 'The Waterways Authority said in a statement that the gate’s hydraulic system had “experienced a fault” at 11.52pm and that engineers had started a backup pump by hand about forty minutes later.',
      },
      { type: 'crosshead', text: 'Schools closed, trains halted' },
      {
        type: 'paragraph',
        text: 'All schools in the city will stay closed until Monday, and trains between Port Ellis and Harwick were suspended after the line at Lowmarsh was washed out. The Meteorological Office has kept a red warning in place for the whole southern coast until Friday evening.',
      },
      {
        type: 'paragraph',
        text: 'Evacuated residents are being offered beds at the Corn Exchange and at two hotels on Hill Street. The council said anyone who needs help should call its emergency line or go to the nearest fire station.',
      },
    ],
    keyPoints: [
      'More than 600 people left their homes after seawater flooded the old town overnight.',
      'One of the barrier’s three gates jammed half-closed during the highest tide in fifty years.',
      'The mayor wants an independent inquiry; schools stay closed until Monday.',
    ],
    tags: ['floods', 'weather', 'infrastructure'],
    publishedAt: '2026-11-19T08:30:00.000Z',
    credit: 'Dateline',
    language: 'en',
  },

  // Second news story: an agency item.
  {
    headline: 'Rail strike called off after overnight talks',
    standfirst: 'Trains will run normally on Friday after the operator offered drivers a one-off payment and a review of rosters.',
    section: 'news',
    dateline: { text: 'HARWICK, MARLAND', city: 'Harwick', country: 'Marland' },
    bylines: [{ name: 'Yusuf Tarrenby', location: 'Harwick' }],
    body: [
      {
        type: 'paragraph',
        text: 'A 48-hour strike by train drivers that would have shut most of Marland’s rail network from Friday was called off early on Thursday after eleven hours of talks between the drivers’ union and the state operator, Marland Rail.',
      },
      {
        type: 'paragraph',
        text: 'The Union of Locomotive Crews said its executive had accepted an offer that includes a one-off payment of 1,200 marks for each driver and an independent review of weekend rosters, which it has blamed for rising sickness rates.',
      },
      {
        type: 'paragraph',
        text: '“This is not everything we asked for, but it is enough to put to our members,” the union’s general secretary, Brida Koslowe, said outside the conciliation service’s offices shortly after 5am.',
      },
      {
        type: 'paragraph',
        text: 'Marland Rail’s chief executive, Pieter Vanshaw, said the agreement was “fair to drivers and to passengers” and that a full timetable would run on Friday and over the weekend.',
      },
      {
        type: 'paragraph',
        text: 'The strike would have been the first national rail stoppage in nine years. Business groups had warned that it would cost shops and restaurants in the capital millions of marks in the busy weeks before the winter holidays.',
      },
      {
        type: 'paragraph',
        text: 'Members will vote on the offer over the next three weeks. The union said further action had not been ruled out if they rejected it.',
      },
    ],
    keyPoints: [],
    tags: ['rail', 'strikes', 'transport'],
    publishedAt: '2026-11-19T06:10:00.000Z',
    credit: 'Marland Press Agency',
    language: 'en',
  },

  // Politics: the blockquote with an attribution.
  {
    headline: 'Government survives confidence vote by three votes after a night of defections',
    standfirst: 'Prime Minister Ilsa Varrowby kept her coalition together, but two of her own deputies voted with the opposition.',
    section: 'politics',
    dateline: { text: 'HARWICK, MARLAND', city: 'Harwick', country: 'Marland' },
    bylines: [{ name: 'Daniel Achterhoff', location: 'Harwick', role: 'Political editor' }],
    body: [
      {
        type: 'paragraph',
        text: 'Marland’s coalition government survived a confidence vote in the National Assembly late on Wednesday by 103 votes to 100, ending a week of uncertainty set off by a row over the cost of the northern rail link.',
      },
      {
        type: 'paragraph',
        text: 'Prime Minister Ilsa Varrowby, who called the vote herself after the Liberal Farmers’ Party threatened to leave her coalition, told deputies the country could not afford “six months of campaigning while the bills go unpaid”.',
      },
      {
        type: 'blockquote',
        text: 'I asked this chamber a simple question tonight, and it has given me a clear enough answer. Now we go back to work.',
        attribution: 'Ilsa Varrowby, speaking after the result',
      },
      {
        type: 'paragraph',
        text: 'Two deputies from Ms Varrowby’s own Social Democratic Union, Petra Holmgard and Jonas Wexley, voted against the government. Both have opposed the rail link, which is expected to cost 4.2 billion marks over ten years.',
      },
      {
        type: 'paragraph',
        text: 'The opposition leader, Corin Dallaway, said the narrow margin showed the government was “running on fumes”. “Three votes is not a mandate. It is a stay of execution,” he said.',
      },
      { type: 'crosshead', text: 'Rail link still in doubt' },
      {
        type: 'paragraph',
        text: 'The Liberal Farmers’ leader, Agnes Pellbury, said her party had backed the government only after receiving a written promise that an independent panel would review the rail link before any contracts were signed.',
      },
      {
        type: 'paragraph',
        text: '“She has survived, but the coalition’s arithmetic is now very fragile,” said Lena Osterby, who lectures in politics at the University of Harwick. “Every vote between now and the budget is a confidence vote in all but name.”',
      },
      {
        type: 'paragraph',
        text: 'The Assembly returns to the budget on Monday, when the government will again need the Liberal Farmers to pass its spending plans.',
      },
    ],
    keyPoints: [
      'The coalition won the confidence vote by 103 votes to 100.',
      'The Liberal Farmers stayed on board after a promise to review the northern rail link.',
    ],
    tags: ['assembly', 'coalition', 'rail'],
    publishedAt: '2026-11-18T22:40:00.000Z',
    credit: 'Dateline',
    language: 'en',
  },

  // Sport.
  {
    headline: 'Saltmere stun champions with stoppage-time winner',
    standfirst: 'A header from 19-year-old Nico Dacosté ended Harwick Athletic’s unbeaten run in front of a sell-out crowd at the Strand.',
    section: 'sport',
    dateline: { text: 'SALTMERE, MARLAND', city: 'Saltmere', country: 'Marland' },
    bylines: [{ name: 'Gregor Ashcombe-Reid', location: 'Saltmere', role: 'Football correspondent' }],
    body: [
      {
        type: 'paragraph',
        text: 'Saltmere ended Harwick Athletic’s 17-match unbeaten run in the Marland Premier League on Wednesday night, winning 2-1 with a header from 19-year-old Nico Dacosté three minutes into stoppage time.',
      },
      {
        type: 'paragraph',
        text: 'The champions had led through a first-half penalty from their captain, Rasmus Oyelaran, and looked comfortable until Saltmere’s substitute Teodor Brask drove in a low equaliser from the edge of the area with eight minutes left.',
      },
      {
        type: 'paragraph',
        text: 'Dacosté, who joined from the club’s academy in the summer, rose above two defenders to meet a corner from Brask, sending most of the 9,000 crowd at the Strand on to their feet.',
      },
      {
        type: 'paragraph',
        text: '“I didn’t see it go in, I just heard the noise,” Dacosté said. “My mum is in the stand tonight, so I think she saw it better than me.”',
      },
      {
        type: 'paragraph',
        text: 'Harwick’s coach, Ines Valborg, said her side had “stopped playing” after taking the lead. “We gave them hope, and at this ground hope is dangerous,” she said.',
      },
      {
        type: 'paragraph',
        text: 'The result lifts Saltmere to fourth in the table. Harwick stay top, four points clear of Port Ellis Rovers, who drew 0-0 at Fenbridge.',
      },
    ],
    keyPoints: [
      'Saltmere beat league leaders Harwick Athletic 2-1 with a stoppage-time header.',
      'The defeat ends Harwick’s 17-match unbeaten run, but they remain four points clear at the top.',
    ],
    tags: ['football', 'saltmere', 'league'],
    publishedAt: '2026-11-18T21:55:00.000Z',
    credit: 'Dateline',
    language: 'en',
  },

  // Arts: the paragraph with inline marks.
  {
    headline: 'Symphony lost for ninety years finally heard in Fenbridge',
    standfirst: 'A score found in a conservatory trunk two years ago had its first performance on Tuesday night, to a standing ovation.',
    section: 'arts',
    dateline: { text: 'FENBRIDGE, MARLAND', city: 'Fenbridge', country: 'Marland' },
    bylines: [{ name: 'Ines Caldwater', location: 'Fenbridge', role: 'Arts correspondent' }],
    body: [
      {
        type: 'paragraph',
        text: 'A symphony written in the 1930s by the Fenbridge composer Aurel Vendel, and never performed in his lifetime, received its premiere on Tuesday night, more than ninety years after it was finished.',
      },
      {
        type: 'paragraph',
        text: SYMPHONY_FIND,
        marks: [
          markOver(SYMPHONY_FIND, 'The Salt Roads', 'em'),
          markOver(SYMPHONY_FIND, 'online catalogue', 'link', 'https://example.org/fenbridge-conservatory/catalogue/vendel'),
        ],
      },
      {
        type: 'paragraph',
        text: 'Vendel, who taught harmony at the conservatory, died in 1941. Archivists believe he put the manuscript away after the city orchestra turned it down as too long and too difficult.',
      },
      {
        type: 'paragraph',
        text: '“It is difficult, and it is long, and it is also wonderful,” said the conductor, Miriam Okafell, who led the Fenbridge Philharmonic in the performance. “Once you hear the last movement you understand why somebody kept this trunk for ninety years.”',
      },
      {
        type: 'paragraph',
        text: 'The audience of about 1,100 at the Guildhall rose to applaud for several minutes at the end of the hour-long work. Among them were three of Vendel’s great-grandchildren, who had travelled from Ostrow.',
      },
      {
        type: 'paragraph',
        text: 'The orchestra plans to record the symphony in the spring, and the conservatory said it would publish a new edition of the score so that other orchestras can perform it.',
      },
    ],
    keyPoints: [],
    tags: ['music', 'classical', 'fenbridge'],
    publishedAt: '2026-11-18T09:00:00.000Z',
    credit: 'Dateline',
    language: 'en',
  },

  // Entertainment: a short headline.
  {
    headline: '‘Twelve Doors’ to close after 20 series',
    standfirst: 'Marland’s longest-running quiz show will end next year, its broadcaster confirmed.',
    section: 'entertainment',
    dateline: { text: 'DUNMORE, MARLAND', city: 'Dunmore', country: 'Marland' },
    bylines: [{ name: 'Rafe Tennick', location: 'Dunmore' }],
    body: [
      {
        type: 'paragraph',
        text: 'Twelve Doors, the Saturday evening quiz show that has been a fixture of Marland television for two decades, will end after its twentieth series next year, the national broadcaster, Marland Television, said on Tuesday.',
      },
      {
        type: 'paragraph',
        text: 'The show, in which contestants answer questions to choose which of twelve doors to open, drew more than two million viewers at its peak. Audiences have fallen by about half over the past five years.',
      },
      {
        type: 'paragraph',
        text: 'Its host since the first episode, Bertil Amundrey, said he had known the decision was coming. “Twenty years is a long time to be behind a door,” he said. “I am going to miss the contestants most. They were always braver than me.”',
      },
      {
        type: 'paragraph',
        text: 'Marland Television’s head of entertainment, Sanne Loverock, said the final series would include a celebration episode with former winners, among them a retired postman from Carrow who won a record 250,000 marks in 2011.',
      },
      {
        type: 'paragraph',
        text: 'The broadcaster said it was developing a new Saturday night format to replace the show but gave no details.',
      },
    ],
    keyPoints: [],
    tags: ['television', 'quiz'],
    publishedAt: '2026-11-17T14:20:00.000Z',
    credit: 'Dateline',
    language: 'en',
  },

  // Society: the list.
  {
    headline: 'Rural bus cuts leave one in five villages without a daily service, report finds',
    standfirst: 'A study for the Rural Affairs Council says older people and teenagers are being cut off from doctors, schools and jobs.',
    section: 'society',
    dateline: { text: 'LOWMARSH, MARLAND', city: 'Lowmarsh', country: 'Marland' },
    bylines: [
      { name: 'Priya Handeley', location: 'Lowmarsh', role: 'Social affairs correspondent' },
      { name: 'Owen Galloway-Pike', location: 'Harwick' },
    ],
    body: [
      {
        type: 'paragraph',
        text: 'One in five villages in Marland no longer has a bus service every day, according to a report published on Tuesday, which says cuts over the past decade have left thousands of people unable to reach a doctor or a job without a car.',
      },
      {
        type: 'paragraph',
        text: 'The study, carried out for the Rural Affairs Council by researchers at the University of Harwick, looked at timetables for 1,840 villages between 2016 and 2026. Its main findings were:',
      },
      {
        type: 'list',
        ordered: false,
        items: [
          { text: '372 villages now have no bus on at least one weekday, up from 95 in 2016.' },
          { text: 'Almost half of the routes that remain stop running before 6pm.' },
          { text: 'Fares on rural routes rose by 38 per cent over the decade, twice as fast as in towns.' },
        ],
      },
      {
        type: 'paragraph',
        text: 'In Lowmarsh, where the last evening bus to the market town of Carrow was withdrawn in March, residents described a village that empties during the day and goes quiet at night.',
      },
      {
        type: 'paragraph',
        text: '“If you can’t drive here, you don’t go anywhere after lunch,” said Edith Farrowgate, 81, who gave up her licence last year. “I had to move my hospital appointment twice because there was no way to get back.”',
      },
      {
        type: 'paragraph',
        text: 'The report’s lead author, Dr Samir Quellan, said teenagers were hit almost as hard as older people. “We found young people turning down college places and weekend jobs simply because they could not get there,” he said.',
      },
      {
        type: 'paragraph',
        text: 'The transport ministry said it had set aside 40 million marks for on-demand minibuses in rural areas next year and would study the report’s recommendations.',
      },
    ],
    keyPoints: [
      'One in five Marland villages no longer has a daily bus service.',
      'Fares on rural routes rose twice as fast as in towns over the decade.',
      'Researchers say older people and teenagers are the hardest hit.',
    ],
    tags: ['transport', 'rural', 'buses'],
    publishedAt: '2026-11-17T06:00:00.000Z',
    credit: 'Dateline',
    language: 'en',
  },

  // Features: a long read with its own shorter slug.
  {
    headline: 'The last keeper of Carrow Head: forty years of light, fog and solitude',
    slug: 'last-keeper-of-carrow-head',
    standfirst: 'When the Carrow Head lighthouse goes automatic next spring, Osric Bellamere will lock the door on a life spent watching the sea.',
    section: 'features',
    dateline: { text: 'CARROW HEAD, MARLAND', city: 'Carrow Head', country: 'Marland' },
    bylines: [{ name: 'Maud Ferrenquist', location: 'Carrow Head', role: 'Features writer' }],
    body: [
      {
        type: 'paragraph',
        text: 'Every evening for forty years, Osric Bellamere has climbed the 114 steps of the Carrow Head lighthouse half an hour before sunset. He checks the lamp, wipes the salt from the lantern glass and writes the weather in a ledger whose first entries were made in 1887.',
      },
      {
        type: 'paragraph',
        text: 'Next spring the Coastal Lights Board will replace the lamp with an automatic beacon run from Port Ellis, and Mr Bellamere, 66, will become the last resident keeper on Marland’s coast.',
      },
      {
        type: 'paragraph',
        text: '“People ask if I’m lonely,” he said, standing on the gallery as a grey sea broke over the rocks below. “I have the gulls, the ships and the radio. In forty years I have never had a boring night.”',
      },
      { type: 'crosshead', text: 'Fog, storms and one rescue' },
      {
        type: 'paragraph',
        text: 'He arrived in 1986 as an assistant keeper, aged 26, after a few years on fishing boats out of Saltmere. The worst night he remembers was in the winter of 1994, when fog hid the light for eleven hours and he sounded the horn by hand until his arms shook.',
      },
      {
        type: 'paragraph',
        text: 'In 2009 he spotted a capsized dinghy below the headland and guided a lifeboat to two teenagers clinging to its hull. One of them, now a ferry captain, still sends him a card every Christmas.',
      },
      {
        type: 'paragraph',
        text: 'A spokesman for the Coastal Lights Board said automation would save about 90,000 marks a year and that the beacon would be “just as bright and a good deal more reliable”. The keeper’s cottage will be let to holidaymakers.',
      },
      {
        type: 'paragraph',
        text: 'Mr Bellamere plans to move to a flat in Carrow town, from where, he points out, he will still be able to see the light. “I will probably sit at the window and check it is working,” he said. “Old habits.”',
      },
    ],
    keyPoints: [],
    tags: ['lighthouses', 'coast', 'people'],
    publishedAt: '2026-11-15T08:00:00.000Z',
    credit: 'Dateline',
    language: 'en',
  },
];
