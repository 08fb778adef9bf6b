"""Given names that mark a person's gender, for resolving "he" and "she" to a named source.

From the US Census Bureau's 1990 name frequency files (public domain; dist.male.first and
dist.female.first as shipped in the `names` 0.3.0 package): a name counts as male or female
when it is at least five times as frequent among one sex as the other and held by at least
0.002 percent of that sex. Names common to both ("Kelly", "Jordan") are in neither list, so
they say nothing.
"""

from __future__ import annotations

_MALE = """
aaron abdul abe abel abraham abram adalberto adam adan adolfo adolph adrian agustin ahmad
ahmed al alan albert alberto alden aldo alec alejandro alex alexander alfonso alfonzo alfred
alfredo ali allan allen alonso alonzo alphonse alphonso alton alvaro alvin amado ambrose
amos anderson andre andreas andres andrew andy angelo anibal anthony antione antoine anton
antone antonio antony antwan archie arden arlen arlie armand armando arnold arnoldo arnulfo
aron arron art arthur arturo asa august augustus aurelio austin avery barney barrett barry
bart barton basil beau ben benedict benito benjamin bennett benny benton bernard bernardo
berry bert bertram bill billy blaine blake bo bob bobby booker boris boyce boyd brad
bradford bradley bradly brady brain branden brandon brant brendan brendon brent brenton bret
brett brian brice brock broderick brooks bruce bruno bryan bryant bryce bryon buck bud buddy
buford burl burt burton buster byron caleb calvin cameron carl carlo carlos carlton carmelo
carmine carson carter cecil cedric cedrick cesar chad chadwick chance chang charles charley
charlie chas chase chauncey chester chet chris christian christoper christopher chuck
clarence clark claud claude claudio clay clayton clement clemente cletus cleveland cliff
clifford clifton clint clinton clyde cody colby cole coleman colin collin colton columbus
conrad cordell corey cornelius cornell cortez cory coy craig cristobal cristopher curt
curtis cyril cyrus dale dallas dalton damian damien damion damon dan dane danial daniel
danilo dannie danny dante darell daren darin dario darius darnell daron darrel darrell
darren darrick darrin darron darryl darwin daryl dave david davis dean deandre deangelo del
delbert delmar delmer demarcus demetrius denis dennis denny denver deon derek derick derrick
deshawn desmond devin dewayne dewey dewitt dexter dick diego dillon dino dion dirk domenic
domingo dominic dominick don donald donn donnell donnie donny donovan donte dorsey doug
douglas douglass doyle drew duane dudley duncan dustin dwain dwayne dwight dylan earl earle
earnest ed eddie eddy edgar edgardo edison edmond edmund edmundo eduardo edward edwardo
edwin efrain efren elbert elden eldon eldridge eli elias elijah eliseo elliot elliott ellis
ellsworth elmer elmo eloy elroy elton elvin elvis elwood emanuel emerson emery emil emile
emilio emmanuel emmett emmitt emory enoch enrique erasmo eric erich erick erik ernest
ernesto ernie errol ervin erwin esteban ethan eugene eugenio eusebio evan everett everette
ezekiel ezequiel ezra fabian faustino fausto federico felipe felix felton ferdinand fermin
fernando fidel filiberto fletcher florencio florentino floyd forest forrest foster francesco
francisco frank franklin franklyn fred freddie freddy frederic frederick fredric fredrick
freeman fritz gabriel galen garfield garland garret garrett garry garth gary gaston gavin
gaylord genaro gene geoffrey george gerald geraldo gerard gerardo german gil gilbert
gilberto gino giovanni giuseppe glen glenn gonzalo gordon grady graham graig grant granville
greg gregg gregorio gregory grover guillermo gus gustavo guy hai hal hank hans harlan
harland harley harold harris harrison harry harvey hassan hayden haywood heath hector henry
herb herbert heriberto herman herschel hershel hilario hilton hipolito hiram hobert homer
horace horacio hosea houston howard hoyt hubert huey hugh hugo humberto hung hunter hyman
ian ignacio ike ira irvin irving irwin isaac isaiah isaias isiah isidro ismael israel isreal
issac ivan jacinto jack jackson jacob jacques jake jamaal jamal jamar jame jamel james
jamison jared jarod jarred jarrett jarrod jarvis jason jasper javier jay jayson jc jed jeff
jefferey jefferson jeffery jeffrey jeffry jerald jeramy jere jeremiah jeremy jermaine jerold
jerome jeromy jerrell jerrod jerrold jerry jess jesse jesus jim jimmy joaquin joe joel
joesph joey john johnathan johnathon johnny johnson jon jonah jonas jonathan jonathon jordon
jorge jose josef joseph josh joshua josiah jospeh josue juan judson jules julian julio
julius junior justin kareem karl keenan keith kelvin ken kendrick keneth kenneth kennith
kenny kent kenton kermit keven kevin kieth king kip kirk korey kory kraig kristofer
kristopher kurt kurtis kyle lamar lamont lance landon lanny larry laurence lawerence
lawrence lazaro leandro leif leland lemuel len lenard lenny leo leon leonard leonardo leonel
leopoldo leroy les lester levi lewis lincoln lino linwood lionel lloyd logan lon long lonnie
lonny loren lorenzo louie louis lowell loyd lucas luciano lucien lucio lucius luigi luis
luke luther lyle lyman lyndon lynwood mac mack major malcolm malcom malik manual manuel marc
marcel marcelino marcellus marcelo marco marcos marcus margarito mariano mario mark markus
marlin marlon marquis marshall martin marty marvin mason mathew matt matthew maurice
mauricio mauro max maximo maxwell maynard mckinley mel melvin merlin merrill mervin micah
michael michale micheal michel miguel mike mikel milan miles milford millard milo milton
miquel mitch mitchel mitchell modesto mohamed mohammad mohammed moises monroe monte monty
morris morton mose moses moshe murray myles myron napoleon nathan nathanael nathanial
nathaniel neal ned neil nelson nestor neville newton nicholas nick nickolas nicolas nigel
noah noble noe noel nolan norbert norberto norman normand norris octavio odis olen olin
oliver omar omer oren orlando orval orville oscar osvaldo oswaldo otis otto owen pablo
palmer parker pasquale patrick paul pedro percy perry pete peter phil philip phillip pierre
porfirio porter preston prince quentin quincy quinn quintin quinton rafael raleigh ralph
ramiro ramon randal randall randell randolph randy raphael rashad raul ray rayford raymon
raymond raymundo reed reggie reginald reid reinaldo renaldo renato reuben rex rey reyes
reynaldo rhett ricardo rich richard richie rick rickey rickie ricky rico rigoberto riley rob
robby robert roberto robt rocco rocky rod roderick rodger rodney rodolfo rodrick rodrigo
rogelio roger roland rolando rolf rolland roman romeo ron ronald ronnie ronny roosevelt rory
roscoe rosendo ross roy royal royce ruben rubin rudolf rudolph rudy rueben rufus rupert russ
russel russell rusty ryan sal salvador salvatore sam sammy samual samuel sanford santiago
santo saul scot scott scottie scotty sean sebastian sergio seth seymour shad shane shaun
shawn sheldon shelton sherman sherwood shon sid sidney silas simon sol solomon son sonny
spencer stan stanford stanley stanton stefan stephan stephen sterling steve steven stewart
stuart sylvester tad tanner ted teddy teodoro terence terrance terrell terrence thad
thaddeus theodore theron thomas thurman tim timmy timothy titus tobias tod todd tom tomas
tommy toney tony tory travis trent trenton trevor trey troy truman tuan ty tyler tyree
tyrell tyron tyrone tyson ulysses valentin valentine van vance vaughn vern vernon vicente
victor vince vincent vincenzo virgil virgilio vito von wade waldo walker wallace wally
walter walton ward warner warren waylon wayne weldon wendell werner wes wesley weston wilber
wilbert wilbur wilburn wiley wilford wilfred wilfredo will willard william williams willian
willis willy wilmer wilson wilton winford winfred winston wm woodrow wyatt xavier zachariah
zachary zachery zack zackary zane
"""

_FEMALE = """
abbey abbie abby abigail ada adaline addie adela adelaida adelaide adele adelia adelina
adeline adell adella adelle adina adria adriana adriane adrianna adrianne adriene adrienne
afton agatha agnes agustina aida aileen aimee aisha aja akiko alaina alana alanna alba
alberta albertha albertina albertine albina alda alecia aleida alejandra alejandrina alena
alene alesha alesia aleta aletha alethea alethia alexa alexandra alexandria alexia alfreda
alia alica alice alicia alida alina aline alisa alise alisha alishia alisia alison alissa
alix aliza alla allegra allene allie alline allison allyson alma almeda almeta alpha alta
altagracia altha althea alvera alvina alyce alycia alyse alysha alysia alyson alyssa amada
amalia amanda amber amelia america ami amie amina ammie amparo amy ana anabel anastacia
anastasia andra andrea andree andria anette angela angele angelena angeles angelia angelic
angelica angelika angelina angeline angelique angelita angella angie angle anglea anh anika
anissa anita anitra anjanette ann anna annabel annabell annabelle annalee annalisa annamae
annamarie anne anneliese annemarie annett annetta annette annice annie annis annmarie
antionette antoinette antonette antonia antonietta antonina anya april apryl araceli
aracelis aracely arcelia ardell ardella ardis ardith aretha ariana ariane arianna arie
arielle arla arleen arlena arlene arletta arlette arline armanda armida arminda arnetta
arnita artie arvilla asha ashely ashlee ashleigh ashley ashli ashlie ashly ashlyn ashton
asia assunta astrid asuncion athena audie audra audrea audrey audry augusta augustina
aundrea aura aurea aurelia aurora autumn ava avelina avis awilda ayana ayanna ayesha azucena
babara babette bailey bambi barb barbar barbara barbera barbie barbra bea beatrice beatriz
beckie becky belen belia belinda bella belle belva benita berenice bernadette bernadine
berneice bernetta bernice berniece bernita berta bertha bertie beryl bess bessie beth
bethann bethany bethel betsey betsy bette bettie bettina betty bettye beulah bev beverlee
beverley beverly bianca billye birdie birgit blanca blanch blanche blythe bobbi bobbie
bobbye bonita bonnie bonny branda brandee brandi brandie brandy breanna breanne bree brenda
brenna briana brianna brianne bridget bridgett bridgette brigette brigid brigida brigitte
brinda britany britney britni brittani brittany brittney brittni bronwyn brook brooke
brunilda brynn buffy caitlin caitlyn callie camelia cami camilla camille cammie candace
candance candelaria candi candice candida candie candis candy candyce caprice cara caren
cari caridad carie carin carina carisa carissa carla carleen carlene carletta carley carlie
carline carlota carlotta carly carlyn carma carman carmel carmela carmelina carmelita
carmella carmen carmon carol carolann carole carolee carolina caroline carolyn carolyne
carolynn caron carri carrie caryl caryn casandra casie cassandra cassidy cassie catalina
catarina caterina catharine catherine cathey cathi cathie cathleen cathrine cathryn cathy
catina catrina cecelia cecila cecile cecilia cecily celena celeste celestina celestine celia
celina celine chana chanda chandra chanel chantal chante chantel chantell chantelle charise
charissa charisse charity charla charleen charlene charlette charline charlotte charmaine
charolette chasity chastity chau chaya chelsea chelsey chelsie cheri cherie cherise cherish
cherly cherri cherrie cherry cherryl cheryl cheryle cheryll cheyenne chin chiquita chloe
chrissy christa christal christeen christel christen christena christene christi christiana
christiane christie christin christina christine christy chrystal chun ciara cicely ciera
cierra cinda cindi cindy cinthia claire clara clare claribel clarice clarine clarissa
clarita claudette claudia claudine clementina clementine clemmie cleopatra cleora cleta
clotilde coleen coletta colette colleen collen collette concepcion concetta conchita connie
constance consuela consuelo cora coral corazon cordelia cordie coreen corene coretta cori
corie corina corine corinna corinne corliss cornelia corrie corrina corrine cortney criselda
crissy crista cristal cristen cristi cristie cristin cristina cristine cristy crystal cyndi
cynthia cythia dagmar dahlia daisey daisy dalia dalila damaris danae danelle danette dani
dania danica daniela daniele daniella danielle danika danita danna dannette dannielle danuta
danyelle daphine daphne dara darby darci darcie darcy daria darla darleen darlene darline
davida davina dawn dawna dawne dayle dayna deana deandra deane deann deanna deanne deb debbi
debbie debbra debby debi debora deborah debra debrah debroah dedra deeann deena deidra
deidre deirdre delana delena delfina delia delicia delilah delinda delisa dell della delma
delois delora delores deloris delpha delphia delphine delta demetra demetria demetrice dena
deneen denese denice denise denisha denita denna dennise desirae desire desiree dessie
destiny detra devona devora devorah diamond dian diana diane diann dianna dianne diedra
diedre digna dimple dina dinah dione dionna dionne dixie dollie dolly dolores doloris
domenica dominga dominque domonique dona donetta donita donna donya dora dorathy dorcas
doreen dorene doretha dori dorie dorinda dorine doris dorotha dorothea dorothy dorris dortha
dorthea dorthy dot dottie dovie dreama drema drucilla drusilla dulce dung dyan earlean
earleen earlene earline earnestine eartha easter eboni ebony echo eda edda edelmira eden
edie edith edna edwina edythe effie eileen elaina elaine elana elanor elayne elba elda
eldora eleanor eleanora eleanore elease elena eleni elenor elenora elfriede elia eliana
elicia elida elinor elisa elisabeth elise elissa eliza elizabeth elizbeth elizebeth elke
ella ellen ellie elly ellyn elma elmira elna elnora elodia elois eloisa eloise elouise elsa
else elsie elva elvera elvia elvie elvina elvira elyse ema emelda emelia emiko emilee emilia
emilie emily emma emmie emmy emogene ena enedina eneida enid enola enriqueta epifania era
erica ericka erika erin erinn erlene erlinda erline erma ermelinda erminia erna ernestina
ernestine esmeralda esperanza essie esta estela estell estella estelle ester esther estrella
ethel ethelene ethelyn ethyl etta eugenia eugenie eula eulalia eun eunice eva evalyn
evangelina evangeline eve evelia evelin evelina eveline evelyn evelyne evette evie evon
evonne exie fabiola fae faith fallon fannie fanny farah farrah fatima faustina fawn fay faye
fe felecia felica felice felicia felicita felicitas felipa felisa felisha fern fernanda
ferne filomena fiona flavia flo flor flora florance florence florencia florene florentina
floretta florida florinda florine flossie floy fonda fran france frances francesca francie
francina francine francisca francoise freda frederica fredericka fredia freeda freida frieda
fumiko gabriela gabriele gabriella gabrielle gail garnet garnett gay gaye gayla gayle
gaylene gaynell gearldine gemma gena geneva genevieve genia genie gennie genoveva georgene
georgetta georgette georgia georgiana georgianna georgie georgina georgine geraldine geralyn
gerda geri germaine gerri gertha gertie gertrud gertrude gia gigi gilda gillian gina ginger
ginny giovanna gisela gisele giselle gladis glady gladys glenda glendora glenna glennie
glennis glinda gloria glory glynda golda goldie grace gracia gracie graciela gregoria greta
gretchen gretta griselda gudrun guillermina gussie gwen gwenda gwendolyn gwenn gwyn ha hae
hailey haley halina hallie hana hanh hanna hannah hannelore harmony harriet harriett
harriette hattie haydee hayley hazel heather hedwig hedy hee heide heidi helen helena helene
helga hellen henrietta henriette herlinda hermelinda hermina hermine herminia hester hettie
hilaria hilary hilda hilde hildegard hildegarde hildred hillary hilma hiroko hoa holley
holli hollie holly honey hope hortencia hortense hortensia hui hulda huong hyacinth hye hyon
hyun ida idalia idell idella iesha ignacia ila ilana ilda ileana ilene iliana ilona ilse
iluminada ima imelda imogene in ina india indira inell ines inez inga inge ingeborg inger
ingrid inocencia iola iona ione irena irene irina iris irish irma irmgard isa isabel isabell
isabella isabelle isaura isela isidra isis iva ivana ivette ivonne ivy jacalyn jacinta
jackeline jacki jacklyn jaclyn jacqualine jacque jacquelin jacqueline jacquelyn jacquelyne
jacquelynn jacquiline jacquline jacqulyn jada jade jadwiga jaimie jaleesa jami jamila jammie
jana janae janay jane janeen janel janell janelle janene janessa janet janeth janett janetta
janette janey janice janie janina janine janis janita jann janna jannette jannie jaqueline
jasmin jasmine jaunita jayme jayne jazmin jazmine jean jeana jeane jeanene jeanetta jeanette
jeanie jeanine jeanna jeanne jeannette jeannie jeannine jen jena jenell jenelle jenette jeni
jenice jenifer jeniffer jenine jenise jenna jennefer jennette jenni jennie jennifer
jenniffer jenny jeraldine jeri jerilyn jerri jerrie jesenia jesica jessenia jessi jessica
jesusa jettie jewel jewell jill jillian jin jina jo joan joana joanie joann joanna joanne
jocelyn jodee jodi jodie joeann joella joelle joellen joetta johana johanna johnetta johnna
joi jolanda joleen jolene jolie jolynn jona jonell jonelle joni jonna jonnie josefa josefina
joselyn josephina josephine josette josie joslyn jovita joy joyce joycelyn joye juana
juanita judi judie judith judy julee juli julia juliana juliane juliann julianna julianne
julie julienne juliet julieta juliette julissa june jung junita justina justine jutta kacey
kaci kacie kacy kaitlin kaitlyn kala kaley kali kam kami kandace kandi kandice kandy kara
karan karen karey kari karie karin karina karine karissa karla karleen karlene karma karmen
karol karolyn karon karren karri karrie karyl karyn kasandra kasie kassandra kassie kate
katelyn kathaleen katharina katharine kathe katherin katherine kathern katheryn kathey kathi
kathie kathleen kathlene kathlyn kathrine kathryn kathryne kathy kathyrn kati katia katie
katina katlyn katrice katrina kattie katy kay kaye kayla kaylee kayleen kayleigh kaylene
kazuko kecia keely keena keesha keiko keisha keli kelle kellee kelley kelli kellie kellye
kelsey kelsie kena kendra kenisha kenna kenya kenyatta kenyetta keri kerri kerrie kesha
keshia kia kiana kiara kiera kiesha kiley kim kimber kimberely kimberlee kimberley kimberli
kimberlie kimberly kimbery kimiko kindra kira kirsten kirstin kisha kitty kizzy kori
kourtney krista kristal kristan kristel kristen kristi kristian kristie kristin kristina
kristine kristy kristyn krysta krystal krystle krystyna kum kyla kylee kylie kym kymberly
kyong kyra kyung lacey laci lacie ladonna lady lai laila lakeisha lakesha lakeshia lakisha
lan lana lanell lanette lani lanita laquita lara larae laraine larhonda larisa larissa
laronda larue lasandra lashanda lashawn lashonda lashunda latanya latasha latashia latesha
latia laticia latisha latonia latonya latoria latosha latoya latrice latricia latrina launa
laura laure laureen laurel lauren laurene lauretta laurette lauri laurice laurie laurine
lavada lavera laverna lavina lavinia lavon lavonda lavonia lavonne lawana lawanda lawanna
layla le lea leah leana leandra leann leanna leanne leatha leatrice leda leeann leeanna
leeanne leesa leigh leighann leila leilani leisa lela lelia lena lenna lennie lenora lenore
leola leona leonarda leone leonie leonila leonor leonora leonore leora leota lera lesa lesia
leslee lesli lessie leta letha leticia letitia lettie letty lexie lezlie li lia liana liane
libby liberty librada lida lidia lien ligia lila lili lilia lilian liliana lilla lillian
lillie lilly lily lin lina linda lindsay lindsey lindy linette ling linh linnea linnie
linsey lisa lisbeth lise lisette lisha lissa lissette lita livia liz liza lizabeth lizbeth
lizette lizzie loan loida lois lola lolita loma lona loni lonna lora loraine lore loree
loreen lorelei lorena lorene lorenza loretta lori loriann lorie lorinda lorine lorna
lorraine lorretta lorri lorrie lory lottie louann louanne louella louisa louise lourdes
louvenia lovella lovie loyce lu luana luann luanne lucia luciana lucie lucienne lucila
lucile lucille lucina lucinda lucrecia lucretia lucy ludie lue luella luisa luise lula lulu
luna lupita lura lurline luvenia luz lyda lydia lyla lyn lynda lyndsay lyndsey lynell
lynelle lynette lynne lynnette lynsey ma mabel mable machelle macie mackenzie macy madaline
madalyn madeleine madeline madelyn madge madie madison madlyn madonna mae maegan magaly
magan magaret magda magdalen magdalena magdalene magen maggie magnolia mai maia maida maira
majorie malia malika malinda malisa malissa mallory mamie mammie mana manda mandi mandy
manuela maple mara maranda marcela marcelina marceline marcella marcelle marci marcia marcie
marcy maren margaret margareta margarete margarett margaretta margarette margarita margarite
margart marge margeret margery marget margie margit margo margorie margot margret marguerita
marguerite margurite mari maria mariah mariam marian mariana mariann marianna marianne
maribel maribeth maricela marie mariel mariela marietta marilee marilou marilu marilyn
marilynn marina marisa marisela marisol marissa marita maritza marjorie marjory markita
marla marlana marleen marlen marlena marlene marlo marlyn marlys marna marni marnie
marquerite marquetta marquita marry marsha marta martha marti martina martine marva marvel
mary marya maryalice maryam maryann maryanne marybeth maryellen maryjane maryjo marylee
marylin marylou marylyn masako mathilda mathilde matilda matilde mattie maud maude maudie
maura maureen maurine mavis maxie maxine may maya maybell maybelle maye mayme mayra mazie
mckenzie meagan meaghan mechelle mee meg megan meggan meghan meghann mei melaine melanie
melany melba melina melinda melisa melissa melissia mellie mellisa mellissa melodie melody
melonie melony melva melvina melynda mercedes mercy meredith meri meridith merilyn merlene
merna merri merry meryl meta mi mia micaela michaela michele micheline michell michelle
michiko micki mickie migdalia miguelina mika mikki mila milagro milagros mildred milissa
millicent millie mimi min mina mindi mindy minerva minna minnie mira miranda mireille mireya
miriam mirian mirna mirta mirtha missy misti misty mittie mitzi modesta moira mollie molly
mona monica monika monique monserrate mozell mozella mozelle mui muriel my myong myra myriam
myrle myrna myrtice myrtie myrtis myrtle myung nada nadia nadine nakia nakisha nakita nan
nana nanci nancie nancy nanette nannette nannie naoma naomi narcisa natalia natalie natasha
nathalie natividad natosha nedra nelda nelia nelida nell nella nelle nellie nelly nena neoma
nereida nerissa neta nettie neva nga ngoc nia nichelle nichol nichole nicki nickie nickole
nicol nicola nicolasa nicole nicolette nicolle nidia nieves niki nikia nikita nikki nikole
nila nilda nilsa nina ninfa nita noelia noella noelle noemi nola noma nona nora norah noreen
norene norine norma nova novella nydia nyla obdulia ocie octavia odessa odette odilia ofelia
ok ola oleta olga oliva olive olivia olympia oma omega ona oneida opal ophelia ora oralia
orpha ossie otilia ouida ozella page paige palma pam pamala pamela pamelia pamella pandora
pansy paola particia patience patrica patrice patricia patrina patsy patti pattie patty
paula pauletta paulette paulina pauline pearl pearle pearlene pearlie pearline peggie peggy
penelope penney penni pennie penny perla petra petrina phillis philomena phoebe phuong
phylis phyliss phyllis pia piedad pilar pinkie piper polly porsha portia precious pricilla
princess priscilla prudence qiana queen queenie quiana rachael racheal rachel rachele
rachell rachelle racquel rae raeann rafaela raina ramona ramonita rana ranae randa randee
randi raquel rasheeda rashida raven raye raylene rayna reatha reba rebbeca rebbecca rebeca
rebecca rebekah reda regan regena regenia regina reiko reina remedios rena renae renata
renate renea renee renetta renita reta retha retta reva reyna rhea rhiannon rhoda rhonda
richelle rikki rina risa rita robbin roberta robin robyn rochell rochelle rocio rolanda roma
romaine romana romelia romona rona ronda roni ronna ronni rosa rosalba rosalee rosalia
rosalie rosalina rosalind rosalinda rosaline rosalva rosalyn rosamond rosana rosann rosanna
rosanne rosaria rosaura rose roseann roseanna roseanne rosella roselyn rosemarie rosemary
rosetta rosia rosie rosina rosita roslyn rowena roxana roxane roxann roxanna roxanne roxie
rozella rubie ruby rubye rufina ruth ruthann ruthie sabina sabine sabra sabrina sachiko sade
sadie salena salina sallie sally salome samantha samara samatha samira sandi sandra sandy
sanjuana sanjuanita sanora santa santana santina sara sarah sari sarina sarita sasha saundra
savanna savannah scarlet scarlett sebrina selena selene selina selma serena serina sha
shaina shakira shalonda shameka shamika shana shanda shandra shaneka shanell shanelle shani
shanice shanika shanita shanna shannan shanon shanta shante shantel shantell shara sharee
sharen shari sharita sharla sharleen sharlene sharon sharonda sharron sharyl sharyn shasta
shauna shaunna shavon shavonne shawana shawanda shawna shawnda shawnee shawnna shay shayla
shayna shea sheena sheila sheilah shela shelba shelia shelley shelli shellie shelly shemika
shena shenita sheree sheri sherie sherilyn sherita sherley sherly sherlyn sheron sherrell
sherri sherrie sherrill sherron sherry sherryl shery sheryl shiela shira shirlee shirleen
shirlene shirley shirly shona shonda shonna shoshana shu sibyl sierra signe sigrid silva
silvana silvia simona simone sindy siobhan skye slyvia so socorro sofia solange soledad
sommer sondra song sonia sonja sonya soo sook soon sophia sophie soraya spring stacey staci
stacia stacie stacy star starla starr stefani stefania stefanie steffanie stella stephaine
stephane stephani stephanie stephany stephenie stephine stormy su sudie sue sueann suellen
suk summer sun sunny sunshine susan susana susann susanna susannah susanne susie suzan
suzann suzanna suzanne suzette suzie suzy sybil syble sylvia synthia syreeta tabatha tabetha
tabitha takisha talia talisha talitha tam tamala tamar tamara tamatha tameika tameka tamekia
tamela tamera tamesha tami tamica tamie tamika tamiko tammara tammi tammie tammy tamra tana
tanesha tangela tania tanika tanisha tanja tanna tanya tara tarah tarsha taryn tasha tashia
tatiana tawana tawanda tawanna tawny tawnya teena temeka tena tenisha tennie tennille
teodora tequila tera tereasa teresa terese teresita teressa teri terra terresa terri terrie
tesha tess tessa tessie thalia thao thea theda thelma theodora theola theresa therese
theresia thersa thomasina thomasine thresa thu thuy tia tiana tianna tiara tierra tiesha
tiffani tiffanie tiffany tiffiny tillie tina tiny tisha tomasa tomeka tomika tomoko tonda
toni tonia tonie tonja tonya tori tosha toshiko towanda toya tracee tracey traci tracie
trang trena tresa tressa tressie treva tricia trina trinity trish trisha trista trudi trudie
trudy trula tuyet twana twila twyla tyesha tyra una ursula usha vada valarie valda valencia
valentina valeria valerie valery vallie valorie vanda vanesa vanessa vanita vannessa veda
velda velia vella velma velva velvet vena venessa venice venita venus veola vera verda
verdell verdie verena vergie verla verlene verlie verna vernell vernetta vernice vernie
vernita verona veronica versie vesta veta vicenta vickey vicki vickie vicky victoria vida
vikki vilma vina vincenza vinnie viola violet violeta violette virgie virgina virginia vita
viva vivan vivian viviana vivien vivienne vonda vonnie wai waltraud wanda wanita wei wendi
wendy whitney wilda wilhelmina willa willene willette willia wilma windy winifred winnie
winnifred winona wonda wynona xiomara yadira yan yang yanira yasmin yee yen yesenia yetta yi
ying yoko yolanda yolande yolando yolonda yoshiko yu yukiko yuko yun yvette yvonne zaida
zandra zelda zella zelma zena zenaida zenobia zina zita zoe zofia zoila zola zona zora
zoraida zula zulema zulma
"""

MALE_NAMES: frozenset[str] = frozenset(_MALE.split())
FEMALE_NAMES: frozenset[str] = frozenset(_FEMALE.split())


def name_gender(first: str) -> str | None:
    """ "m" or "f" for a given name that marks one (any case), else None."""
    low = first.lower()
    if low in MALE_NAMES:
        return "m"
    if low in FEMALE_NAMES:
        return "f"
    return None
