/**
 * The word and subword pieces of the tiny model's vocabulary, most useful first (data, not code:
 * this file is long on purpose and is not meant to be read).
 *
 * Made once, offline, by byte-pair encoding: the 1,000 prompts of the AI Energy Score
 * text-generation set (WikiText, OSCAR, UltraChat; Apache-2.0) were split on whitespace, each word
 * prefixed with U+2581 ▁ (SentencePiece's space) and cut into runs of ASCII letters, single digits
 * and single punctuation marks; the alphabet (▁ and printable ASCII, by frequency) comes first,
 * then every merge of the most frequent adjacent pair, in merge order, until 7933 pieces.
 * Every piece after the alphabet is the concatenation of two earlier pieces, so any prefix of this
 * list is a vocabulary in which SentencePiece's merge search can reach every piece.
 * Pieces are separated by whitespace.
 */
export const VOCAB_PIECES_TEXT = `▁ e t a o i n s r h l d c u m f p g y w b . v , k I T A S C - x 0 1 M B P D 2 W ' H F R N E L O j z
G q " ) ( 5 9 3 4 U J : 8 ! 7 Y K 6 V ? / = ; # $ & Q Z X % ] [ + * _ @ | > < \\ \` ~ ^ { } ▁t ▁a
in he re on ▁the ▁s er at ▁w ▁o nd ▁c it ▁f es or ▁b ou is en ▁p ing ed al an ▁m ▁and ar ▁to ▁of ▁in
▁d ic le ▁h as ion om ▁th ▁l il st ▁I ve ▁e ▁re ro ent ▁y ▁n ▁T ▁g ly ▁be ct ▁you ▁for et ▁A ▁is ow
id ▁on ad ot ut ▁S ce ur ver us ay ▁st ll im ig am ch ▁C ▁that ation ith ol ▁with ir ▁it ▁M ▁we se
▁The ▁wh ▁he ▁B oo ter ra un ▁as ▁pro ke ▁an ▁P ▁com ill ul ers if ▁W ge ▁ha ▁are ore ▁con ▁H ate ▁D
ld ri ▁se ▁at her th ess ▁was ▁or pe ck rom ab ▁F ▁1 ▁de ▁v est up ▁ex os ▁by ▁ne ment ▁your igh res
ust ive ▁sh ant iv ist ▁R op ▁2 ▁N ▁this ▁r ▁have ▁from um ity ▁G ▁L ▁al qu el em and ▁us ain ies
ort ▁ch art ▁E ost ally ight ould ▁( ▁not ▁O ud ard ▁ab nt all ▁so ure out ▁le lo ▁can ite ag ook
ide ▁all ome ak pp our ast ie ▁will fe red ▁wor gh ▁pl ine od rou ▁ad ap ear ci ▁k ▁j age reat ▁my
te ▁Th ▁has ▁In ▁but ack ich ▁J ▁up ▁me ▁su ction ong ry ▁" own ther ike ▁do ▁whe ood ous ▁un ind
▁im cl ake very per iz ▁comp ▁their ▁U able ac ▁his so ▁en ice ip ▁lo one ▁te ru ings ▁more ree ans
pt orm ▁they ▁It ated are pl ▁fe ition act ▁one ame du ark ber ime port ▁about ▁out ▁year cc ▁which
ign ▁Y ▁who av ire ▁our ail ance ib ▁K ▁int ▁cont ▁other ach ▁man ue ren ▁dis ▁cl ase ia ational og
ount ical ▁also ▁mat ▁over ▁down ne ▁were ian ub ▁ev ult ▁like ace ays ound vers ▁had ▁res ▁them ep
▁ar ile ick vel ▁per ▁go ence ass ▁been ord ▁time ▁work ff form ▁St ▁V ▁qu erv ▁some ish ▁Ch ▁there
▁off ary ▁new ▁sp ond ▁des ▁part ations und ions ▁what ating ough ▁pe ial ▁spe mer ▁its rit ade ▁sa
fter load ang ▁ag ▁po clud ▁He ens ▁tr ▁pre ics ▁= ents ▁This ▁ro wn ▁get ory ▁great ▁am old ▁sup
▁than ▁3 ▁4 ink irst ▁bec ▁how ▁tw ▁any ▁just ▁when ▁We ▁look ress lic ▁includ ▁rec ild ▁co hed
▁into ▁would ors ▁need we ▁app ▁no ▁sc ph mat ople ful ▁comb ▁kn ▁produ use ▁add bs ▁should ces ▁-
▁if ▁first rough ▁Re ▁only ▁use ▁bet ▁most ates ▁acc ▁people ning ious ▁Wh ▁download int ▁her les
ove ▁combin oss ric xt cts ▁fo end ose ▁after ments ons ▁well ual ▁now ▁book ced ov ▁ph ▁every ▁two
▁years cial ise urn itt ▁make ks ▁imp ▁prov ased fore ▁comm ▁exper ▁fl ▁these iew ▁very ▁hel ▁bu
▁inter ▁good ▁col ram ty ▁vis ause day ral hen ▁serv ily ures ▁could ▁ind row sel ▁bl ▁even ▁through
ities round ▁sm ▁help rent ▁You ▁see ward aking ivers ife ▁read ange feren ft ▁may ific ▁tra
▁combinational aw oy ▁# ▁em iness uring hemat ▁site ▁then arch ble ▁sy ▁und uch ug ▁mathemat ▁post
ont ▁made ▁count ▁cons ▁many ▁act ▁inc ▁own ▁rem arket cted ▁way get ▁5 ▁mathematics ▁reg ▁An ▁pers
▁pr ▁ke ▁found ▁know ict iss ▁ra ▁back ▁said ▁such ▁before ffe ▁Ne any als ceed ▁att ▁she ower je
▁ac ater ular ▁bus gan ool ▁dif ▁too ible velop ▁As cess oth ▁Al ▁inform ▁love ▁again ▁inst amp
ility ▁Se ▁art ▁design ▁pres ference llow ▁Un ▁start ▁want ines ▁iv ▁day ▁long ▁much oc rib ▁proceed
▁rel ▁under ▁find ▁lar ▁ear ▁high ys its ▁end ▁stud ▁play com eth tain ually ▁free ix ▁trans ▁used
▁think ▁did ▁proceedings ▁really arm gg ied ▁experi ener ik ▁And ▁car ▁here ▁take ▁person ▁sec ank
olog ten ize ▁Be ▁develop ▁sim ited ▁det ▁world ▁best ▁because hip other ▁ent ▁while az ages ash
iversity ng ▁him ▁ins ▁top ative ▁market ▁mod meric ting ▁where ath ts ▁cle ven ▁If ▁Pro ▁those ices
ustral ween ▁br ▁med ▁min chool ems io ▁business ▁fin ▁life ▁set ax alth ins ▁eas air ner ▁che ▁Ad
▁inte ▁writ erm hes ▁$ ▁Com ▁aw ▁str ek ues ▁don ▁show ▁visit ▁webs ional roup self ▁disc ason ob
umber ▁bel ▁sub aut ▁De ▁between ▁information line ▁gu ▁being ▁dec ▁fam ▁sur ness ving att ▁still
gram olut ved ▁bo ters ull ▁inv ▁op ives ▁each ▁gr rop ▁Sh ▁ele ▁loc ▁same ▁sk ▁Le ▁support ▁website
ctive ▁right ids ars ittle ▁For ▁char ▁pub riend ▁Americ ▁How ▁call ▁last ave akes ier lease ▁during
▁including ▁poss cept ized rand ustralian ▁though ▁using tern ▁ap ▁mon ▁But ▁syst der ▁feat ▁going
land ork ▁come ▁follow ▁rep cer orn ▁New ▁mem ▁ser gle ident ▁conference ▁feel ▁hand ▁state ale
ality read ▁6 ▁home ▁small led ▁i ▁What ▁australian ▁cre ple ▁Ind ▁land ctions ouse ▁gener imes rest
▁On ▁adv ▁cur ▁val ▁around ▁care ▁child ▁does ▁ext ▁requ be ider iron ▁There ▁blo ▁fr ince less ▁fun
▁list ▁lead ▁prof ted ustom ▁So ▁comple ▁place ▁tri raph ▁form ▁import ▁little ferent ▁large ▁men
▁program ▁three ef ▁9 ▁exp ▁inf ▁var ense ural ▁ed cy ▁ve ▁colle ▁few ▁ret ather iqu ird ute ▁At
▁team chn ros ▁& ▁fact ctor ▁7 ▁contin ▁dating ▁different ▁fore ery oun ▁Sp ▁custom ▁ty ets mark gy
ways ▁cent ▁experience ▁got ▁group ▁rest ▁sing ▁view ared blem ock oogle ▁aut ▁ref ▁som ently yle
▁phot ▁run alk ety iving ▁dire ▁lot ▁sl ished une ▁commun ▁effe ▁problem ▁They ▁When ▁keep ▁result
▁spec ell ject ves ▁av ▁creat ▁pass ▁service dition orth uss view yl ▁ass ▁both ▁cour ▁fil ▁open
▁rese arn els ision ract ▁appe ▁grow ▁health ▁iss ▁never ▁sign ▁university over rist ▁' ▁Cl ▁pol
▁beaut ▁clear ▁conf ▁happ ▁number ▁family ▁hard ▁main ▁point aper gin ior iven me ▁addition ▁dri
▁expl ▁looking ▁plan au ants man ▁di ▁detail ▁making ▁mus ▁must ▁real ▁sal ▁techn ream ▁My ▁always
▁friend ▁incre ▁say ▁web ames ▁bro ▁better ▁food ▁online ▁organ ▁pop ▁power ▁provide ▁stand ▁today
▁week stand ▁cap ▁dep ically ross bo ention osp til ▁mov ▁pur ▁things ah omen the ▁All ▁Pl ▁give
▁old ▁present ▁provid ▁sure ▁soil ▁win bers cent ever iful ▁Can ▁country ▁treat aur ired ript ▁night
▁prev ▁turn aj ger ists ital ▁Ar ▁big ▁head ▁might ▁order ▁pat ▁story ▁system ips ▁allow ▁interest
▁nat ▁ob ▁school ▁sit illion ply ▁Q ▁next ▁product ▁second ailable ok ody rite ret ries ▁cor ▁cost
▁eng ▁hist ▁near ▁pos ▁process The ivid ope ording por ▁air ▁bookmark ▁important ▁live ately ember
ients ▁8 ▁Am ▁build ▁put ▁partic ▁rece ▁report ▁research ▁text pr ton ▁Fr ▁class ▁dist ▁perform li
ling ney ▁More ▁away ▁game ▁vide aring ccess erial most ▁ide ▁Bl ▁intern ▁without ikes inal outh
▁another ▁cr ▁fac ▁possible ex ology ▁easy ▁less ▁oper ▁ste ▁until ▁wind ▁word ats ern uff ▁ey ▁why
ething ograph ury ▁company ▁include ▁products ills ining ▁anal ▁met ▁often ▁offer ▁prom ▁try anc
▁After ▁US ▁With ▁appro ▁bike ▁black ▁quality ered ient ying ▁Christ ▁Ph ▁change ▁eff ▁level
▁material ▁resp ▁since ▁season ▁special ▁water ane lish olution ories ▁charact ▁let ▁month ▁tre
▁within co ield ▁Des ▁against ▁forest ▁makes ▁pay cript ium ism itc oney ots ▁est ▁Ab ▁June ▁current
angu atch avor thing ▁able ▁become ▁far ▁indust ▁stru gr joy ours vern ▁Fl ▁bikes ▁gl ▁orig ▁success
med ote sh ▁Col ▁Ex ▁North ▁Or ▁along ▁chang ▁comes ▁left ▁sw ▁something ipp ▁American ▁Do ▁These
▁cult ▁development ▁opt ▁past ▁sum ▁specific ably eng ization to utes ▁May ▁beautiful ▁par ▁services
▁women fect omm pend resh ▁above ▁crit ▁learn ▁single con ertain pect reak work ▁es ▁vers ▁She
▁create ▁def ▁four ▁means ▁tem ieve light uc ▁available ▁clo ▁days ▁full ▁personal ▁young stru ▁[
▁To ▁That ▁United ▁tru ▁wood aken icle ron ▁Con ▁almost ▁dest ▁enjoy ▁having ▁line ▁local ▁meet alf
br ental ising ived ott ▁exam ▁light ▁marketing ▁poet ▁search ▁step ajor ela ina ique lling onder
▁iron ▁One ▁ask ▁blog ▁el ▁equ ▁features ▁mag ▁needs ▁quest ai ata by ▁based ▁ben ▁course ▁instru
▁leg ▁net ▁profess ▁rele ged ls lication nder ples sw ▁Z ▁ann ▁area ▁least ▁pot ▁pri ▁posted ards
uck ▁Jo ▁bas ▁camp ▁children ▁early ▁house ▁oil ▁opp ▁price ▁understand ads arent cell ential gether
ission mon pos ured ▁Our ▁according ▁ce ▁dra ▁ever ▁enough ▁fire ▁kids ▁together ains anks ateg
elaide veral ze ▁Mar ▁called ▁dev ▁la ▁members ▁port ▁strong ann go here let rap uf ▁Google ▁aud
▁actually ▁adelaide ▁hum ▁jo ▁mar ▁money ▁name ▁position ▁share ▁writing book cus enn ians ined ler
ley rew ▁Eng ▁No ▁Your ▁city ▁friends ▁history ▁impact ▁music ▁offic ▁record ▁sound ▁third ched
ethod ▁Car ▁Im ▁Ste ▁amount ▁complete ▁done ▁gun ▁govern ▁hig ▁known ▁prep ▁repl ▁seen ▁took ggest
hing itive live ring ▁Comp ▁National ▁beh ▁ca ▁came ▁cut ▁hope ▁kind ▁law ▁major ▁pie ▁sex ▁social
▁suggest ▁yet ources wards ▁0 ▁Now ▁begin ▁countries ▁event ▁given ▁half ▁pain ▁proper ▁test ▁video
▁working ashion cle ency ised min ortun tend ▁Write ▁langu ▁news ▁occ ▁redu ▁sele ▁vari crib ilt oot
ration ▁Is ▁Inter ▁across ▁forests ▁mil ▁pict ▁perfect anch ida iting ored reen ready way ▁En ▁brand
▁consider ▁following ▁heart ▁impro ▁method ▁pack ▁pract ▁public ▁quick ▁recomm ▁sci ▁term ▁typ
▁wonder ▁weight ences fer hor idd ilar ribut ▁App ▁Bro ▁Tr ▁Wor ▁focus ▁issues ▁million ▁necess
▁page ▁range ▁says ▁several ▁style ▁thing ▁whole ases aster ires ides mber oint ued ▁benef ▁case
▁fresh ▁film ▁mult ▁once ▁short ▁white augh cing cks de ified ▁Co ▁Fe ▁concer ▁deb ▁entire ▁individ
▁key ▁later ▁low ▁media ▁others ▁recommend ▁return ▁series ability atic oice oke ▁God ▁School ▁aug
▁access ▁already ▁condition ▁discuss ▁env ▁mean ▁previous ▁taken ▁trad ▁viewed MA agement ert
ibility icy ift leg new ones orts ps ster ▁ri ▁bar ▁body ▁chall ▁content ▁industry ▁matter ▁paper
▁side avy hold ili ither ography olid ray though ▁Br ▁Here ▁Me ▁Te ▁below ▁bring ▁common ▁natural
▁results ▁started ▁students ▁times ▁thought ▁tot ▁travel asing cially iod illed lf lished mb oon
rodu stit ▁Brit ▁age ▁additional ▁bit ▁certain ▁conne ▁emp ▁face ▁getting ▁individual ▁invest ▁move
▁prote ▁review ▁reading ▁song ▁sha ▁value ▁words app aced anced ball cu ead iver omes ▁America ▁cal
▁character ▁close ▁direct ▁doing ▁ens ▁farm ▁mom ▁related ▁sold ▁skin ▁stay ▁super ▁various aces
gest ided osaur ufact ump urg ▁Ear ▁Her ▁Interior ▁application ▁cy ▁deal ▁ener ▁hold ▁language ▁mor
▁mot ▁particular ▁repres ▁table ▁visitor ances ec ening ensive ha ivision room used wh ▁Man ▁Reg
▁Sup ▁check ▁fall ▁hot ▁please ▁similar abor astic cture ering ironment loy ondyl uro ublic ume ▁By
▁War ▁communic ▁compet ▁dam ▁designed ▁didn ▁foot ▁government ▁hy ▁loss ▁modern ▁pric ▁project
▁sales ▁tool ▁works apan ature box conom fully ospondyl ouch uel ulation ▁Cent ▁Pres ▁cook ▁cover
▁compan ▁contro ▁dou ▁forward ▁gra ▁image ▁jour ▁parent ▁sle ▁swe ▁shop ▁version ▁wee aps ator bum
ension face iter oose urther ▁ess ▁Du ▁However ▁Use ▁collection ▁dr ▁extra ▁fre ▁necessary ▁require
▁talk aim aves bal enty hips inally ino lement of ried son ▁Che ▁Dis ▁States ▁activ ▁ant ▁box ▁cand
▁community ▁customers ▁excell ▁host ▁includes ▁phys ▁sus ▁wall ▁won ER ained ister itor pecially
pected uation uture val ▁Bar ▁Ge ▁Gree ▁Inf ▁Res ▁Ro ▁Sc ▁University ▁arm ▁bal ▁batt ▁became ▁buy
▁dig ▁original ▁press ▁party ▁period ▁problems ▁room ▁stri ▁taking ▁whether ables ample ese icles
par rug sc unch ▁/ ▁Batt ▁Cont ▁Japan ▁Kore ▁Pa ▁account ▁bad ▁coming ▁deli ▁google ▁lat ▁late
▁minutes ▁needed ▁performance ▁reci ▁sens ▁six ▁tell ▁wide aign ciety icks illi itch selves ▁aff
▁album ▁audi ▁energy ▁environment ▁future ▁ironcl ▁model ▁offers ▁plant ▁popular ▁size ▁seems ▁store
▁treatment ▁usually ▁ways ▁written aging aving enced etimes raft urance ush ▁Not ▁State ▁added ▁anim
▁break ▁bookmarked ▁bookmarks ▁continue ▁data ▁displ ▁emot ▁favor ▁ground ▁grad ▁improve ▁included
▁job ▁parts ▁points ▁reason ▁simply ▁sites ▁tar ▁type ▁wa aker for iction ites osed overed ows
ptember ▁Per ▁Some ▁While ▁ago ▁amaz ▁comment ▁companies ▁elements ▁email ▁function ▁gir ▁hair ▁inj
▁inn ▁living ▁mach ▁manufact ▁nearly ▁pret ▁prob ▁purch ▁ter fric ges ham head ilities ille ises
izing jects ming ogn ource soci ▁Addition ▁British ▁article ▁ball ▁club ▁doesn ▁either ▁et
▁especially ▁five ▁front ▁increase ▁link ▁looks ▁months ▁prim ▁released ▁role ▁seem ▁simple ▁soft
▁stra ▁subject ▁unique ague ene medi ought swer urs yst ▁AA ▁Aug ▁Har ▁Serv ▁Spe ▁Thanks ▁bi
▁challeng ▁contact ▁customer ▁eye ▁lim ▁max ▁ones ▁piece ▁relations ▁represent ▁road ▁self ▁supply
▁trees aged ament bu ened ett idence ights iner ivil ners now oman side umb vert ▁X ▁City ▁Gu ▁Many
▁Mur ▁Par ▁Please ▁September ▁ach ▁action ▁dem ▁describ ▁effective ▁eyes ▁further ▁however ▁insp
▁photos ▁respons ▁stock ▁stop ▁study IN aid amb back ival reng ression urch ▁ill ▁Additionally ▁Flor
▁Intern ▁Under ▁believe ▁crop ▁excellent ▁games ▁growth ▁international ▁lay ▁myself ▁non ▁parents
▁percent ▁poetry ▁polit ▁professional ▁rather ▁rich ▁tradition ID aff ama artment edic iers ibr ini
like lu lebr ological org pects rown uge ysis ▁z ▁August ▁Cons ▁Hi ▁Indian ▁abs ▁band ▁built ▁cell
▁changes ▁color ▁due ▁deep ▁feature ▁images ▁national ▁pick ▁pretty ▁signific ▁stuff ▁trip ▁upd ▁vol
▁watch RE action agn ams do hn ify ination itchen itted mp tt undred ville ▁er ▁Apr ▁Don ▁Great ▁Rep
▁Thank ▁World ▁appear ▁attack ▁behind ▁books ▁cou ▁campaign ▁clean ▁econom ▁everything ▁exc ▁exist
▁field ▁imm ▁lines ▁ple ▁probably ▁ready ▁resources ▁spend ▁susp ▁systems ▁touch ▁user aily airs
asure based epend mission orpor unk urope usher vent ▁Colle ▁His ▁Tw ▁affe ▁accept ▁building ▁coll
▁comput ▁descript ▁enc ▁held ▁kid ▁norm ▁opportun ▁owners ▁running ▁sat ▁shares ▁space ▁streng ▁veh
▁yourself ask boxlive iment lobal mit nal not ny ode que rog sy time ully yn ▁Count ▁From ▁Myboxlive
▁Of ▁South ▁among ▁areas ▁coun ▁concern ▁docu ▁easily ▁educ ▁enh ▁events ▁exact ▁hours ▁lost ▁leave
▁longer ▁mess ▁obs ▁recent ▁recently ▁region ▁sense ▁saw ▁sell ▁send ▁shall ▁told ▁true CO We arning
arter elt eter ief irit itting style struction ules ung ww year ▁Black ▁Group ▁Hist ▁Pre ▁amazing
▁arri ▁author ▁began ▁celebr ▁claim ▁din ▁details ▁effect ▁hon ▁hundred ▁healthy ▁human ▁idea ▁invol
▁issue ▁mind ▁morning ▁nav ▁nice ▁rad ▁reach ▁rev ▁reve ▁recogn ▁target ▁technology ▁thank ▁town
▁total ▁variety cting ew fashion fort ging hest imate lev ledge ox olutions ospondyls ovember
usiness ware yr zz ▁April ▁Florida ▁Gr ▁Grand ▁Just ▁Mr ▁President ▁San ▁ability ▁approach ▁candid
▁career ▁commer ▁complex ▁destro ▁earn ▁else ▁emb ▁experienced ▁guns ▁hor ▁higher ▁introdu ▁internet
▁lif ▁liter ▁management ▁num ▁pages ▁plat ▁red ▁received ▁ship ▁stories ▁stream ▁tur ▁throughout
▁window ached ades aling asons burg idered iring ped rote stant ubb verage ▁Are ▁First ▁November
▁Part ▁Pe ▁Sur ▁bank ▁boy ▁choose ▁critical ▁delic ▁determ ▁everyone ▁example ▁fit ▁fle ▁fund
▁general ▁info ▁leading ▁pen ▁pros ▁published ▁quite ▁question ▁rout ▁remember ▁reported ▁rock
▁sport ▁save ▁ships ▁skills ▁soon ▁someone ▁states ▁summer ▁tal ▁tim ▁wish ▁wanted antry cul empt
haps hers ially imum irm lier put udd ▁ver ▁Dire ▁Division ▁Dr ▁Europe ▁English ▁Fu ▁Greek ▁SF
▁click ▁considered ▁dream ▁digital ▁employ ▁etc ▁except ▁fast ▁flo ▁feed ▁hit ▁implement ▁influ
▁interesting ▁likely ▁mention ▁materials ▁players ▁required ▁sleep ▁stat ▁tax ▁vi ▁worth af ape amed
bor cise cles icro iddle just oes pid ressed ruit urity well ▁ident ▁Ac ▁Business ▁Di ▁Free ▁Hel ▁Ju
▁Qu ▁Red ▁Tre ▁York ▁active ▁announ ▁attention ▁board ▁cas ▁chat ▁created ▁daily ▁date ▁engine
▁franch ▁greatest ▁medic ▁particip ▁potential ▁questions ▁ris ▁release ▁remain ▁sexual ▁shows ▁slow
▁sometimes ▁spent ▁stone ▁suppl ▁tips ▁uses ▁walk ▁waste ▁wonderful As MCO ante apt come gu hel hern
icken onse owers rate reg umin ▁AAMCO ▁Cr ▁Every ▁Feb ▁India ▁John ▁Us ▁anything ▁autom ▁cash ▁cat
▁cause ▁computer ▁drug ▁decided ▁dise ▁discovered ▁expert ▁fig ▁favorite ▁feet ▁inside ▁interview
▁itself ▁lives ▁mix ▁nation ▁official ▁player ▁population ▁providing ▁scient ▁significant ▁trying
▁types ▁via ▁went ▁wr anger ators ches earch ferences icult ison mas nes ober oid pose reet sive ux
▁ing ▁ut ▁Afric ▁Cal ▁Dav ▁Down ▁Jan ▁King ▁Mich ▁Most ▁Oct ▁cancer ▁clients ▁concept ▁developed
▁diff ▁effects ▁ensure ▁expect ▁examples ▁former ▁hour ▁ideas ▁journey ▁km ▁lovely ▁miss ▁pictures
▁platform ▁prevent ▁prices ▁provides ▁rid ▁regular ▁separ ▁sett ▁storm ▁takes ▁tree ▁track ▁upon IT
In ager ana aries atter friend izes na oring paper ping pro ude ▁Also ▁Book ▁Bu ▁Company ▁During
▁Off ▁Pr ▁Prov ▁Que ▁Stud ▁Tex ▁admin ▁arch ▁crow ▁challenges ▁contribut ▁destroy ▁efforts ▁estab
▁file ▁fix ▁feeling ▁imag ▁integr ▁lack ▁lumber ▁movie ▁nothing ▁offe ▁overall ▁poems ▁poor
▁provided ▁round ▁receive ▁regard ▁society ▁stage ▁strateg ▁wrote ancial anta che erved hib isf mar
my ole oud ously pped quently rd rict uth ▁| ▁Av ▁Atl ▁El ▁Gener ▁Miss ▁Service ▁Wind ▁activities
▁analysis ▁asked ▁attend ▁categ ▁cop ▁completely ▁eat ▁estim ▁explore ▁fant ▁franchise ▁growing ▁hur
▁highlight ▁kitchen ▁largest ▁medical ▁neg ▁network ▁note ▁promot ▁response ▁sil ▁son ▁sche
▁searching ▁serious ▁star ▁starts ▁temn ▁topic ▁turned ▁users It TI acy ales ari arr ibly irth rect
rench ruary sych ya ▁ur ▁Although ▁County ▁Day ▁Ke ▁Sat ▁Willi ▁average ▁analy ▁assist ▁aware ▁bed
▁beginning ▁cred ▁characters ▁cool ▁difficult ▁draw ▁edition ▁fine ▁flavor ▁gave ▁holid ▁heavy
▁immedi ▁init ▁install ▁knowledge ▁leaves ▁location ▁mark ▁mother ▁mount ▁pattern ▁photography
▁places ▁profit ▁remov ▁sent ▁sounds ▁successful ▁tour ▁themselves ND ani ands erson ford ga haw
imately inn irt ony oph ops pite rought stitute uate where yond ▁Ag ▁About ▁Based ▁Cap ▁Design
▁Download ▁Ed ▁February ▁Germ ▁Hit ▁Infantry ▁Jack ▁July ▁Other ▁October ▁Produ ▁West ▁attempt ▁bow
▁bra ▁cir ▁cross ▁carry ▁choice ▁combined ▁commercial ▁couple ▁currently ▁div ▁drop ▁expected
▁explain ▁felt ▁furn ▁final ▁finished ▁gives ▁gold ▁htt ▁happy ▁highest ▁incorpor ▁insurance ▁larger
▁latest ▁mid ▁magaz ▁maintain ▁meat ▁path ▁pitc ▁physical ▁played ▁print ▁prem ▁prot ▁quickly ▁rain
▁sn ▁squ ▁shot ▁speed ▁strength ▁student ▁tast ▁tend ▁training ▁upload ▁visiting ▁worked AP ags erve
gress ixt iles intage olute onic rehen reme using ▁Blue ▁Christmas ▁Face ▁Finally ▁Ford ▁French
▁Inst ▁Internet ▁Mus ▁Rif ▁Republic ▁Since ▁Tra ▁Then ▁Val ▁achieve ▁appears ▁associ ▁bott ▁beauty
▁blue ▁civil ▁chance ▁comfort ▁conditions ▁control ▁court ▁death ▁deg ▁deleg ▁display ▁elect
▁exactly ▁fully ▁global ▁hom ▁highly ▁himself ▁ingred ▁items ▁knew ▁nature ▁offered ▁older ▁publish
▁ride ▁recipe ▁sea ▁smaller ▁spirit ▁staff ▁standard ▁surpr ▁ten Th aching ady akers amer arden
aughter board cription ented ession formation ipping iques ivity ky llo mbol ounds rel rial ribute
tic vey ▁Georg ▁Home ▁League ▁Mor ▁Rec ▁Super ▁UN ▁award ▁advert ▁afford ▁articles ▁atm ▁audience
▁benefits ▁cold ▁cru ▁contains ▁depend ▁disord ▁document ▁earlier ▁effic ▁fail ▁fish ▁financial
▁forget ▁gen ▁glad ▁groups ▁hous ▁histor ▁individuals ▁led ▁learning ▁multip ▁ord ▁rules ▁rapid
▁retail ▁river ▁sol ▁safe ▁stones ▁temnospondyls ▁videos ▁weeks alty cause craft dom ests illa ooth
ocr roud sp verse wide ▁Apple ▁College ▁Facebook ▁Frid ▁House ▁Ital ▁Lear ▁Let ▁Park ▁Pri ▁Queen
▁Russ ▁Rifen ▁Sal ▁Top ▁Ve ▁Well ▁answer ▁atmosp ▁bath ▁ble ▁balance ▁beyond ▁belie ▁blood ▁cra
▁century ▁chicken ▁convers ▁consist ▁crops ▁dedic ▁decl ▁dinosaur ▁eight ▁earth ▁fab ▁finally ▁homes
▁helps ▁li ▁lower ▁loved ▁mental ▁moment ▁office ▁paid ▁proud ▁perhaps ▁picture ▁political ▁posts
▁prin ▁property ▁purchase ▁rate ▁requirements ▁sam ▁seek ▁straight ▁tit ▁terms ▁trial ▁warm EA abet
alion clus eless gar hab ification ilst inese istic kend lect oles oura pes range ror rian uesday
vate ▁Any ▁China ▁Dem ▁Dep ▁Earth ▁Japanese ▁Korean ▁Mart ▁Mat ▁Med ▁Po ▁Sch ▁Sec ▁Tod ▁Tuesday ▁Ty
▁adjust ▁appearance ▁billion ▁bird ▁birth ▁battles ▁buying ▁cities ▁cannot ▁coast ▁cove ▁consum
▁costs ▁creative ▁dom ▁dry ▁damage ▁delivery ▁doub ▁enhance ▁essential ▁format ▁giving ▁goes ▁indic
▁ingredients ▁instead ▁instructions ▁mer ▁miles ▁named ▁nut ▁options ▁organization ▁pressure ▁prior
▁propos ▁programs ▁quarter ▁refer ▁solutions ▁satisf ▁security ▁sharing ▁sweet ▁thinking ▁tools
▁traditional ▁vehicle ▁viol ▁wallpaper ON acity cast cies ech eder fol igation inary night off olf
orough osing reci rey rehensive ties ups ▁Acc ▁Back ▁Char ▁Chinese ▁Click ▁Dod ▁Fil ▁Get ▁Georgia
▁Indust ▁Make ▁Ob ▁Paul ▁Rifenburg ▁TV ▁White ▁Why ▁aim ▁adding ▁address ▁agree ▁assess ▁base
▁bought ▁brought ▁blogg ▁cast ▁core ▁center ▁compar ▁creating ▁cultiv ▁dark ▁dress ▁defe ▁doll ▁emer
▁evening ▁fans ▁fear ▁firm ▁gar ▁gone ▁graph ▁goal ▁ironclads ▁island ▁lab ▁legal ▁levels ▁log ▁mass
▁middle ▁mentioned ▁methods ▁normal ▁patients ▁plans ▁prepared ▁projects ▁restaur ▁starting
▁structure ▁studies ▁techniques ▁towards ▁transfer ▁veget ▁war ▁write aled atin atever ecut ershaw
ffee idge isco ishes ken lation more olutely pective porary standing uary ube usted word ▁ult ▁Aut
▁Award ▁Ange ▁Atlanta ▁Beaut ▁Because ▁Center ▁England ▁Given ▁Kershaw ▁March ▁Prof ▁Roy ▁Sa ▁Sim
▁Su ▁Sund ▁Today ▁ahead ▁anyone ▁attra ▁corn ▁caused ▁cheap ▁classic ▁commit ▁communication ▁corpor
▁cycl ▁defin ▁detailed ▁diagn ▁disease ▁double ▁driver ▁effort ▁enter ▁extreme ▁fight ▁foods ▁gets
▁increasing ▁innov ▁laun ▁located ▁meeting ▁member ▁moved ▁notes ▁occas ▁psych ▁positive ▁produce
▁profession ▁readers ▁realize ▁source ▁science ▁singles ▁strategies ▁strugg ▁surround ▁symbol ▁tab
▁vivid ▁whilst ▁wheels aint ancing anging atives cel cember cient down eries holders idents illing
iture kin key lock okes orge pet ubbard ustr verty wor yth ▁Beach ▁Cor ▁Christy ▁Club ▁Description
▁Friday ▁Hello ▁II ▁Inc ▁James ▁Land ▁Mc ▁Mon ▁Murray ▁PE ▁SMA ▁Vis ▁aid ▁alone ▁allows ▁appl ▁cab
▁church ▁clearly ▁compl ▁conv ▁covered ▁crusher ▁devices ▁difference ▁fan ▁fat ▁fantastic ▁gain
▁green ▁greater ▁independ ▁instant ▁lands ▁learned ▁mouth ▁machine ▁match ▁menu ▁obtain ▁option
▁outside ▁phone ▁poverty ▁production ▁renew ▁reader ▁resume ▁score ▁seven ▁smooth ▁songs ▁spot
▁sports ▁stress ▁surface ▁tone ▁thorough ▁thous ▁tow ▁useful ▁vintage ▁vot ▁wild ▁wel ▁wrong EO SA
acon agon alo antic arketing avour col ctors ervation fl hol iet iforn ifornia igate iny ipment
ishing istration itter itions lex mm mun ricult roll uries ustralia vant win zy ▁Act ▁Arm ▁December
▁Even ▁Hot ▁Hitler ▁Int ▁Learn ▁Mac ▁Met ▁Nor ▁Read ▁Texas ▁Who ▁accom ▁altern ▁although ▁allowed
▁artist ▁attor ▁boo ▁bre ▁bur ▁beg ▁bottom ▁cry ▁changed ▁clin ▁comprehensive ▁continued ▁cooking
▁developing ▁easier ▁economic ▁exer ▁fair ▁filter ▁girl ▁goals ▁hubbard ▁holiday ▁incred ▁injury
▁ironclad ▁mis ▁mo ▁novel ▁occur ▁partners ▁produced ▁quant ▁ram ▁repair ▁risk ▁sale ▁sun ▁secret
▁spread ▁stake ▁suff ▁suspension ▁switch ▁temper ▁units ▁vast ▁weekend ▁winning AR EN ING St aded
ald apos atory ategy bed bit cious emy enge going hood ius ibrary inth itors monst ollow ocol ogue
ondon ortunately oul pm rast rol ston uminium wise ▁rom ▁Ap ▁Another ▁Cre ▁Da ▁Early ▁Franc ▁Good
▁Ma ▁Mel ▁Port ▁Play ▁Program ▁See ▁Steiner ▁Table ▁abund ▁actual ▁advice ▁anx ▁animals ▁broad
▁broken ▁candidate ▁capacity ▁capt ▁certainly ▁chocol ▁coffee ▁contain ▁contem ▁continu ▁crowd
▁culture ▁destroyed ▁drive ▁eating ▁esc ▁execut ▁fashion ▁fest ▁fif ▁filled ▁fol ▁facility
▁furniture ▁har ▁huge ▁hands ▁hear ▁http ▁imagery ▁increased ▁isn ▁item ▁kinds ▁mel ▁minute ▁opened
▁park ▁particularly ▁passed ▁passion ▁photo ▁playing ▁prop ▁rates ▁resolution ▁sort ▁sau ▁screen
▁schools ▁selected ▁selection ▁serve ▁steps ▁strategy ▁struck ▁trend ▁vict ▁wait ▁wasn ▁yards RA SS
abetes acing active apter arily bour cil chan coming encies etary fall fit ground igan iger igned
ilies ipped itable life levision neys obile place rs rapy ropri sec ta tra text ule ulf unction wood
▁ign ▁x ▁Aud ▁Australia ▁Add ▁Bill ▁Bo ▁Battle ▁Chang ▁Department ▁Fam ▁High ▁Health ▁History
▁January ▁Kind ▁Lab ▁Lake ▁Law ▁Mond ▁Net ▁Over ▁Post ▁Public ▁Real ▁Royal ▁SFAs ▁Stone ▁Times ▁Wed
▁Williams ▁advanced ▁advant ▁burn ▁belong ▁biggest ▁block ▁card ▁colour ▁concent ▁dial ▁demonst
▁deliver ▁described ▁directly ▁driving ▁followed ▁fort ▁frequently ▁gas ▁hop ▁iP ▁impress ▁involved
▁ju ▁lose ▁maybe ▁movies ▁moving ▁multiple ▁newslet ▁owner ▁pieces ▁placed ▁practice ▁previously
▁progress ▁rail ▁reduce ▁reports ▁sand ▁solution ▁sources ▁seeing ▁seemed ▁shoot ▁simpl ▁situation
▁slight ▁smart ▁spring ▁sugar ▁themes ▁transport ▁tried ▁twenty ▁util ▁vac ▁van ▁wars ▁west ES aby
agram amm apers apes aph avi bon bert een eds enior esome essed fortunately gen iant ico iff isions
itation itude itely izer kal licop nels nded osph owing phib ronic term uable uk useum ▁@ ▁ir ▁Air
▁Adv ▁Africa ▁Amaz ▁Battalion ▁Could ▁Contin ▁Em ▁European ▁Find ▁Industry ▁Italian ▁Je ▁Latin ▁Life
▁News ▁Pol ▁Phil ▁Plan ▁Rock ▁Research ▁Sunday ▁Tri ▁Thom ▁Two ▁UK ▁Windows ▁Year ▁Yes ▁acqu ▁acres
▁accepted ▁adult ▁advent ▁appoint ▁appreci ▁appropri ▁approx ▁aspects ▁auto ▁bicy ▁bud ▁basis
▁benefit ▁central ▁college ▁context ▁contract ▁dedicated ▁delicious ▁depart ▁destru ▁director ▁drink
▁egg ▁ep ▁education ▁ended ▁estimated ▁exha ▁express ▁experiences ▁favour ▁finding ▁football ▁ge
▁grand ▁guide ▁hosp ▁heard ▁helicop ▁helped ▁influence ▁kept ▁launch ▁leaders ▁looked ▁magazine
▁manufacture ▁meal ▁numbers ▁ox ▁opin ▁operations ▁opportunities ▁opportunity ▁pet ▁pull ▁passage
▁plants ▁policy ▁private ▁primary ▁princi ▁replace ▁replaced ▁restore ▁saying ▁separate ▁speak
▁standing ▁status ▁summar ▁surf ▁tag ▁truly ▁unless ▁vision ▁visitors ▁woman ▁youth He add anged asc
atically atell aught body gers ias ience ician imeter inc istics istor liament lled oly ocated rance
rup rab road ropical ▁Bal ▁Best ▁Both ▁Brown ▁Dra ▁David ▁Each ▁France ▁Have ▁Hey ▁Ide ▁Includ
▁Kindle ▁Koreans ▁LL ▁La ▁Last ▁Lou ▁Love ▁Mer ▁Mod ▁Phot ▁Take ▁Trans ▁Wednes ▁advance ▁appeared
▁associated ▁atmosphere ▁bright ▁casino ▁chann ▁clos ▁cloud ▁claims ▁conflic ▁couldn ▁critic ▁danger
▁daughter ▁del ▁decay ▁demand ▁desire ▁determine ▁device ▁direction ▁discover ▁distin ▁edge
▁emotional ▁eval ▁exhib ▁father ▁families ▁figure ▁gall ▁garden ▁generally ▁girls ▁grade ▁graduate
▁immediately ▁lux ▁limited ▁loan ▁lots ▁mill ▁mist ▁measure ▁metal ▁milk ▁mining ▁models ▁mostly
▁organis ▁pair ▁pred ▁plus ▁powerful ▁presence ▁protect ▁purpose ▁qual ▁rapidly ▁reasons
▁relationship ▁requires ▁sail ▁sister ▁sitting ▁south ▁scene ▁scientific ▁served ▁showing ▁software
▁steel ▁supported ▁surv ▁trou ▁teac ▁threat ▁trust ▁visual ▁winter ▁writer ▁writers ▁yes App DF You
ada ago andon arian asks asy atal atched ban door ensity ibet iced iche inated inem ington ively
iveness izations men met nyong odies omb oming ona ooking osen ossible outhern overn quer rif rell
rets ricane ses ulous umn ushed ▁Ben ▁Biz ▁California ▁Check ▁Class ▁Create ▁Del ▁Hom ▁Its ▁Jer
▁London ▁Mal ▁Men ▁Mil ▁Min ▁Navy ▁Out ▁Pat ▁Penn ▁River ▁Republican ▁Sum ▁Sy ▁Up ▁Works ▁absolutely
▁affordable ▁animal ▁announced ▁appropriate ▁beef ▁becomes ▁bloggers ▁boat ▁brother ▁businesses
▁cases ▁carried ▁cells ▁colors ▁collabor ▁combination ▁command ▁compon ▁considering ▁contemporary
▁county ▁cream ▁cultural ▁destruction ▁diabetes ▁disp ▁doubt ▁encoura ▁experts ▁extremely ▁fruit
▁factors ▁flood ▁guid ▁instruction ▁luck ▁largely ▁launched ▁listed ▁master ▁mechan ▁messages ▁motiv
▁movement ▁north ▁opening ▁pin ▁partner ▁personally ▁phosph ▁plenty ▁rear ▁reven ▁relationships
▁removed ▁returned ▁rob ▁technical ▁thick ▁trail ▁transform ▁univers ▁valuable ▁vegan ▁winds BC ED
IC OS OU OW ST ael ading ailand arante arters athe band field idal igious ignment illy ilding
imental iners ingly itage kaline lin lications lying mented oe orage ores pper rase ris rie rier
ribution sequ tor vious vere what works ▁Alex ▁Answer ▁BM ▁Bel ▁Cab ▁Columb ▁Develop ▁Democr ▁Ener
▁Enter ▁Exper ▁Francisco ▁Generate ▁Germany ▁Hol ▁Histor ▁Il ▁Ill ▁Institute ▁Like ▁Mark ▁Martin
▁Michigan ▁Nak ▁Ok ▁Obama ▁Pal ▁Pet ▁Russian ▁Sand ▁Satur ▁Street ▁Tai ▁Tur ▁Union ▁Wednesday ▁acid
▁adop ▁advertising ▁batter ▁breat ▁boost ▁budget ▁code ▁calcul ▁client ▁coal ▁compe ▁communicate
▁concerns ▁confidence ▁correct ▁definitely ▁despite ▁descriptive ▁dete ▁dishes ▁dollars ▁earnings
▁fuel ▁finish ▁flight ▁gift ▁happen ▁height ▁helpful ▁hyd ▁importance ▁industrial ▁interested ▁jud
▁landsc ▁leaving ▁leader ▁legis ▁mixt ▁moist ▁nit ▁noted ▁offering ▁orange ▁ourselves ▁pounds ▁pure
▁paint ▁pitcher ▁poem ▁poets ▁preserved ▁professionals ▁promote ▁reached ▁repe ▁solid ▁sauce ▁shel
▁ton ▁taste ▁teams ▁thr ▁timber ▁topics ▁update ▁wear ▁wooden Ch ET OR ae ado aming anish ato bits
dd edom erous fa fast ffic ios ialis ials ica igur iki iration jective log mes merican nesses oma
orrow ossip oup outs plant play rated rael raw sey top ulations while www yard ▁According ▁Area
▁Associ ▁Buff ▁Cost ▁Central ▁Changnyong ▁Consider ▁Dar ▁Energy ▁Gold ▁Govern ▁Grande ▁Hen ▁Heritage
▁Island ▁Li ▁Mag ▁Micro ▁Nike ▁Profess ▁SAP ▁Sing ▁Som ▁Sub ▁Saturday ▁Shop ▁Star ▁Surface ▁Tibet
▁Whe ▁actions ▁affected ▁artists ▁ban ▁born ▁basic ▁bathroom ▁begins ▁capital ▁changing ▁charge
▁chocolate ▁compared ▁completed ▁constant ▁conflict ▁crew ▁cycle ▁died ▁division ▁decision ▁decor
▁department ▁designer ▁designs ▁diet ▁diss ▁disorders ▁east ▁element ▁engaging ▁extend ▁expensive
▁fem ▁fill ▁favourite ▁firearm ▁flat ▁force ▁frame ▁gossip ▁gro ▁grown ▁hat ▁haven ▁hero ▁hurricane
▁innings ▁journal ▁killed ▁letter ▁linked ▁lock ▁magn ▁meas ▁motor ▁neck ▁operating ▁police
▁possibility ▁presented ▁proport ▁processing ▁programme ▁protagon ▁rank ▁rh ▁regions ▁remind
▁request ▁responsible ▁satell ▁samples ▁section ▁setting ▁signed ▁spoke ▁styl ▁statement ▁studio
▁summarize ▁tables ▁tropical ▁talking ▁thoughts ▁totally ▁truth ▁voice ▁weather ▁whom ▁whose
▁workers ▁wouldn AN CC II MP MS This actions asm assy atively auc berg cular cohol ctures ellow edd
entially ffered gypt ho ifts ildren iliar irgin irty istry itary lis lls mitted nell oh ommod opo
orous orgeous orthern pack pping rig rogen she su soft teen urate ushing van weight yles yrinth
ystem ▁Ant ▁Anal ▁Available ▁Before ▁Board ▁CD ▁Call ▁Care ▁Commission ▁Dist ▁Def ▁Dev ▁Disney ▁East
▁Follow ▁Gra ▁Hill ▁Hiya ▁IR ▁Imag ▁Independ ▁Jour ▁Louis ▁NY ▁Oper ▁Only ▁Organ ▁People ▁Quest ▁SP
▁Sar ▁Sl ▁Sun ▁Society ▁Tar ▁Three ▁Trump ▁Young ▁abandon ▁agencies ▁allowing ▁amend ▁approximately
▁argu ▁archite ▁aren ▁avoid ▁bill ▁bound ▁bread ▁battle ▁beat ▁bowl ▁brings ▁button ▁cit ▁calls
▁cars ▁chem ▁combat ▁comparable ▁competition ▁connect ▁continues ▁der ▁dip ▁dro ▁debut ▁delicate
▁depos ▁directed ▁dish ▁door ▁drivers ▁entertain ▁equipment ▁establish ▁evidence ▁evolution ▁excited
▁exciting ▁fict ▁fra ▁fru ▁facilities ▁facing ▁feels ▁generate ▁generation ▁guess ▁hun ▁habits
▁handle ▁houses ▁ideal ▁input ▁insights ▁instance ▁introduction ▁jobs ▁join ▁keeping ▁ment ▁mission
▁meant ▁neigh ▁newsletters ▁notice ▁ol ▁optim ▁organizations ▁painting ▁practical ▁prepare
▁president ▁rat ▁rating ▁rice ▁rif ▁reference ▁ren ▁recommendations ▁relevant ▁revealed ▁script
▁shown ▁shelter ▁speech ▁spending ▁strik ▁tires ▁television ▁temperature ▁whatever ▁widely LA SD
amber amera anche aped aping appe asp bra buquer buquerque comp eper estern estic iance iest iety
icals iding iling ingu ionally ma och overy ocation olic onis ooper oration oses osion osis pre
phone quarters rer rible rowse sing step swers tong tw tered tenance uations uine ugget ulated urd
wan ython ▁* ▁+ ▁Art ▁Ass ▁Bra ▁Beautiful ▁Buffalo ▁Conf ▁Dig ▁Deb ▁Disc ▁Egypt ▁Family ▁Film ▁Games
▁Gard ▁Grade ▁HD ▁Hall ▁Hy ▁Head ▁Hotel ▁Ins ▁Instead ▁Israel ▁Jackson ▁Joe ▁Labor ▁Marketing ▁Math
▁Mex ▁Mother ▁Maybe ▁Monday ▁PDF ▁Rich ▁Sam ▁Sw ▁TH ▁Tax ▁Ter ▁Thurs ▁Topaz ▁Unfortunately ▁Will
▁Work ▁accommod ▁adapt ▁advantage ▁aircraft ▁anxiety ▁arr ▁candidates ▁categories ▁category ▁covers
▁comments ▁complic ▁condu ▁construction ▁conven ▁concerning ▁corporate ▁crucial ▁damaged ▁degree
▁economy ▁encoun ▁enjoyed ▁evol ▁existing ▁expand ▁expression ▁expertise ▁fer ▁fold ▁fabric ▁fields
▁flow ▁folks ▁forced ▁forg ▁forms ▁friendly ▁graphics ▁hills ▁hus ▁happened ▁heav ▁horse ▁household
▁hundreds ▁initial ▁inspired ▁joy ▁manner ▁multi ▁musical ▁narr ▁nine ▁none ▁navigate ▁olive ▁oppos
▁orders ▁originally ▁pal ▁pow ▁push ▁peace ▁rise ▁recommended ▁reduced ▁refuge ▁regarding ▁remained
▁remark ▁resist ▁resource ▁responsibility ▁rot ▁sad ▁sav ▁senior ▁salt ▁seasons ▁shar ▁shipping
▁shape ▁soldiers ▁spin ▁speaker ▁square ▁stated ▁strike ▁suffered ▁supple ▁superb ▁supporting ▁sym
▁tail ▁tang ▁task ▁tick ▁tor ▁tablet ▁thoroughly ▁thousands ▁trade ▁unable ▁understanding ▁values
▁wire ▁wit ▁wealth ▁winner AL EP FL IG IP IDI NG OC OP Wh abilities adays ampa ati atural bek care
cher chers cons cont cean cement change ez ederal ella ength fers free function gend hors hero iable
ij ipe ils imb ione isters istan itan lay list lessly ller occ olith omet orus osh osure pen person
phas poses quare ront rees ricultural sApp ss shire stron stitutes uced uls unning ureter uses you
yrinthod zi ▁Among ▁Amazon ▁Bacon ▁Civil ▁Cup ▁Captain ▁Contact ▁Continue ▁Crusher ▁Dri ▁Ele ▁Emp
▁Est ▁Form ▁Found ▁Gl ▁Ilha ▁Include ▁Jew ▁Jose ▁Lim ▁Leon ▁Max ▁Museum ▁Music ▁Note ▁Os ▁Party ▁Pho
▁Ret ▁Sci ▁Tot ▁Techn ▁Thailand ▁Through ▁Thomas ▁Thursday ▁Tibetan ▁Type ▁View ▁Virgin ▁Valley ▁Win
▁WhatsApp ▁Workshe ▁af ▁achie ▁aluminium ▁amb ▁ang ▁annual ▁arrived ▁audio ▁awesome ▁bat ▁bot
▁becoming ▁boyfriend ▁catch ▁cert ▁campaigns ▁catal ▁challenge ▁cheese ▁competitive ▁components
▁constru ▁consistent ▁contrast ▁counter ▁dram ▁deck ▁delight ▁delegates ▁diverse ▁dialogue ▁doctor
▁ec ▁effici ▁emotions ▁entrance ▁entry ▁entirely ▁era ▁established ▁eventually ▁exercise ▁exhibition
▁fiction ▁fee ▁frustr ▁gorgeous ▁gre ▁generic ▁grant ▁guarante ▁happens ▁helping ▁herbs ▁hospital
▁hosted ▁informed ▁intense ▁intensity ▁jump ▁joined ▁lied ▁lived ▁lemon ▁loves ▁machines ▁manage
▁manufactured ▁maxim ▁maximum ▁medicine ▁mixture ▁moments ▁native ▁obvious ▁officer ▁operation ▁oral
▁organic ▁pale ▁patient ▁perfectly ▁photograph ▁picked ▁plastic ▁positions ▁presentation ▁productive
▁properly ▁radio ▁retain ▁recognize ▁regimental ▁remove ▁roots ▁routine ▁sust ▁sem ▁sequ ▁shopping
▁slightly ▁spect ▁species ▁stores ▁streaming ▁suppliers ▁teaching ▁thanks ▁theme ▁toward ▁transistor
▁upcoming ▁vector ▁vehicles ▁versions ▁victim ▁views ▁waiting ▁wants ▁weak ▁wheat ▁yield EG There
aches afil agen amic ano anchester ansas aration arge ardo atab cknow ee elines erves essel fety
friendly grade han heast iation icial icing icip icky ictor idden ifies iller imin irmed ita itam
itz ivalent long lete mont nam noon ndom oices ologies oted page po point rating rectile regon ria
riage rub see secut tical third uled umes utation water wen writ yangu yers ysfunction ▁id ▁Age
▁African ▁Ann ▁Asia ▁BC ▁BMX ▁Bizyangu ▁Case ▁Cur ▁Chand ▁Chap ▁DJ ▁Div ▁Dog ▁Director ▁Edu ▁Ev
▁Eval ▁Fre ▁Green ▁Hope ▁Hum ▁Ir ▁Ideas ▁International ▁Link ▁MIDI ▁Mad ▁Mass ▁Microsoft ▁Nov ▁Once
▁Pot ▁Product ▁Professor ▁Rem ▁Roman ▁Report ▁Sag ▁Sm ▁Spain ▁Spider ▁Spring ▁Summer ▁Tampa ▁Tom
▁Turn ▁Taiwan ▁Those ▁Using ▁Very ▁Victor ▁Vide ▁Web ▁Whether ▁accompl ▁administration ▁adventure
▁afternoon ▁answers ▁anywhere ▁apply ▁applied ▁authorities ▁banks ▁bree ▁balanced ▁bigger ▁boot
▁brilli ▁breaks ▁cooper ▁classes ▁clicking ▁clinical ▁comfortable ▁committed ▁complicated ▁consult
▁copy ▁dyn ▁degrees ▁delegate ▁describe ▁dinosaurs ▁disapp ▁discussion ▁ease ▁effectively ▁election
▁electric ▁emphas ▁exhausted ▁extensive ▁extent ▁fert ▁failed ▁fairly ▁famous ▁farmer ▁featured
▁fictional ▁fighting ▁files ▁floor ▁freedom ▁gear ▁happening ▁hearing ▁honor ▁independent ▁instit
▁lamb ▁library ▁lie ▁laid ▁landscape ▁latter ▁legislation ▁loy ▁map ▁mine ▁mobile ▁manager ▁moder
▁mountain ▁naval ▁nearby ▁negative ▁nitrogen ▁officers ▁officials ▁owns ▁papers ▁ped ▁pra ▁pun
▁paraph ▁perspective ▁plays ▁plug ▁pleas ▁proposed ▁protagonist ▁raised ▁random ▁rare ▁receiving
▁recipes ▁relax ▁restaurant ▁rights ▁sac ▁sizes ▁spl ▁safety ▁satellite ▁scen ▁scr ▁seat ▁sector
▁secure ▁seeking ▁serving ▁shut ▁situations ▁smoke ▁storage ▁styles ▁stakeholders ▁teen ▁teeth ▁tele
▁texture ▁thus ▁title ▁tom ▁transl ▁transmission ▁turns ▁twice ▁typical ▁typically ▁unit ▁vessel
▁valid ▁visited ▁weap ▁wheel ▁younger Man OO QU ault ahoo alled arks bourne cers cribe doc emic
estyle expected found folk gate ificent igar imens inst irl iser isp isms issipp istead istered ka
lines lings llig market nce nut odes ods olo orter ota otes othing ourth owned press phibians prise
rick rid rition rape rief ropol rupt set ship sell stal stronom ula ulate umonis ums usan vest vol
vania ygen ▁ic ▁ureter ▁Aust ▁Abuel ▁Armistead ▁Association ▁Author ▁Bet ▁Big ▁Despite ▁Direct ▁EU
▁Educ ▁Fast ▁Fin ▁Food ▁Gi ▁Gardening ▁General ▁Government ▁Greece ▁Guide ▁Haw ▁Hed ▁Harbor ▁Henry
▁IS ▁Information ▁Indiana ▁Instagram ▁Jersey ▁Journal ▁Lo ▁Los ▁Lego ▁Manchester ▁Mississipp ▁Morocc
▁Oh ▁Oregon ▁Pix ▁Python ▁Posted ▁Prize ▁Provide ▁Rob ▁Search ▁Series ▁Spanish ▁Special ▁Stand ▁Step
▁Trebek ▁Ut ▁Vik ▁Wash ▁Yet ▁acknow ▁abandoned ▁abundant ▁accurate ▁activity ▁adap ▁affect ▁analyst
▁anti ▁apparent ▁approved ▁armor ▁attorneys ▁awareness ▁baby ▁bodies ▁background ▁ballot ▁behavi
▁believed ▁blend ▁craft ▁cro ▁cup ▁cere ▁centre ▁chapter ▁circ ▁colours ▁collect ▁compare ▁compens
▁conver ▁configur ▁connected ▁creation ▁da ▁dysfunction ▁debate ▁debt ▁decades ▁desk ▁destination
▁disappoint ▁distribution ▁efficient ▁engage ▁environmental ▁equal ▁estate ▁executive ▁faster
▁factor ▁feedback ▁female ▁findings ▁flour ▁flex ▁forces ▁franchisees ▁gifts ▁glass ▁grab ▁guit ▁guy
▁harm ▁heat ▁hearts ▁historical ▁husband ▁immune ▁impressive ▁intended ▁investment ▁judge ▁length
▁liver ▁losing ▁legend ▁listening ▁literary ▁luxury ▁male ▁mm ▁mood ▁mouse ▁math ▁memory ▁military
▁millions ▁mini ▁minimum ▁mixed ▁myster ▁myth ▁nom ▁noticed ▁numerous ▁objective ▁onto ▁organized
▁otherwise ▁perimeter ▁pool ▁possession ▁prefer ▁pricing ▁profile ▁promoting ▁protection ▁purposes
▁ques ▁quantities ▁rule ▁raise ▁records ▁reducing ▁reflect ▁referred ▁remains ▁resear ▁respond
▁restaurants ▁reviews ▁row ▁romantic ▁saving ▁scheme ▁sharp ▁specifically ▁standards ▁steam ▁tack
▁tro ▁thirty ▁thro ▁treated ▁trials ▁trouble ▁twist ▁unlike ▁vital ▁valued ▁welcome ▁worry But HA LL
MAN TION ares acular ademy ails amel assion aval away awville boy car cceed cue ccer ception clusion
df eal eed enix ensus ero fashionover house hent holder idae idea iece ifications iled ilos inding
ingers inios inking isis itate lers leep ned oco oky oline omi ongs orable ords orns power pha rific
right resp spe semb shop tee track uart uated ument usion uty wari ylvania ▁] ▁AP ▁Arab ▁Ari
▁Albuquerque ▁Angeles ▁Bad ▁Bay ▁Brand ▁Bridal ▁CEO ▁Cle ▁Coll ▁Commun ▁Drug ▁Empire ▁Evaluation
▁Foc ▁Fore ▁Gar ▁Go ▁German ▁Helen ▁IRS ▁Illinios ▁Kn ▁LI ▁List ▁Ly ▁Landsc ▁Leg ▁Mas ▁Medic ▁Mot
▁Management ▁Marina ▁Melbourne ▁Mississippi ▁Naktong ▁Next ▁Norfolk ▁Old ▁Offer ▁Office ▁Okawville
▁Online ▁Orig ▁Pac ▁Philipp ▁Rio ▁Rewari ▁System ▁Sex ▁Services ▁Show ▁Shower ▁Still ▁Store ▁Stuart
▁Tru ▁Their ▁Total ▁USA ▁Van ▁Vi ▁Viet ▁Virginia ▁Wil ▁Worksheets ▁ax ▁accident ▁addiction ▁alcohol
▁amp ▁apart ▁applications ▁arranged ▁attending ▁automatically ▁battleships ▁birds ▁boxes ▁breath
▁brilliant ▁bull ▁cialis ▁cinem ▁capabilities ▁charges ▁citiz ▁climate ▁closely ▁commitment
▁communities ▁compelling ▁concise ▁concerned ▁confident ▁confirmed ▁connection ▁constantly
▁contributions ▁den ▁dur ▁depending ▁description ▁descriptions ▁differences ▁erectile ▁editor
▁emotion ▁enables ▁ending ▁engines ▁equivalent ▁existence ▁extended ▁fauc ▁federal ▁ft ▁faced
▁familiar ▁fell ▁flowers ▁focused ▁follows ▁footage ▁foreign ▁fourth ▁goods ▁greatly ▁guest
▁guidelines ▁hits ▁illust ▁immediate ▁impossible ▁incorporate ▁incredible ▁incredibly ▁initi
▁innovation ▁institut ▁intellig ▁interse ▁invited ▁issued ▁kick ▁lik ▁league ▁leads ▁leadership
▁literature ▁mph ▁magic ▁maintenance ▁manufacturing ▁matters ▁medium ▁message ▁metres ▁minor
▁moisture ▁monitor ▁names ▁nations ▁northern ▁nugget ▁narrative ▁opens ▁overw ▁pink ▁participate
▁paying ▁peak ▁penet ▁pharm ▁philos ▁planning ▁platforms ▁portion ▁premium ▁primarily ▁producing
▁provider ▁quote ▁rub ▁rum ▁ratio ▁recorded ▁refugees ▁religious ▁renewable ▁reputation ▁resol
▁respect ▁revenue ▁route ▁scream ▁scientists ▁slowly ▁station ▁stick ▁stret ▁strange ▁subs ▁succeed
▁suitable ▁subjects ▁suggestions ▁survey ▁surrounding ▁tum ▁tender ▁tells ▁thin ▁throw ▁trends
▁unexpected ▁unf ▁undert ▁updates ▁usual ▁vent ▁vibr ▁vill ▁virt ▁vote ▁violence ▁watched ▁wife
▁wrap ▁worldwide AA BS DA If IDER MAZ MAZING RO Tube aS abama ampions anwhile ansion appy ara
armonic aton atra atures atabase athered aya bank bell bered case claim ctic dule ealand enly ender
enton entonite erving five fordshire hand hone ht hew hentic icies igarh ilized imal inate inent
inger iox isor itioner iversary kes kn logg making mons matic no oll oding ola oop oosing orce orry
pan quality rations reed rels rence ribb sis sylvania stitut tes uis uzz ubrey urally utory vention
vin west ym yrinthodont ▁AMAZING ▁AND ▁Af ▁Aubrey ▁Abuelo ▁Alkaline ▁Ang ▁Andrew ▁Arts ▁Audi ▁Box
▁Backyard ▁Cock ▁Carl ▁Children ▁Church ▁Chandigarh ▁Christian ▁Common ▁DP ▁Dating ▁Det ▁Dou ▁Darwin
▁Diet ▁Doors ▁End ▁Er ▁Expl ▁Fest ▁Fun ▁Global ▁Help ▁Herefordshire ▁ID ▁Ise ▁Instru ▁Jud ▁Jul ▁Keep
▁Lin ▁LLC ▁Landscaping ▁MP ▁MS ▁Mid ▁Mob ▁Mount ▁Meanwhile ▁Meet ▁Norm ▁Nowadays ▁PC ▁Peter ▁Power
▁Pacific ▁Paris ▁Parliament ▁Pennsylvania ▁Phoenix ▁Pixar ▁Place ▁Plus ▁Prem ▁Rel ▁Regiment ▁Road
▁ST ▁Solutions ▁Sport ▁SPIDER ▁Salon ▁Scott ▁Start ▁Stat ▁Tenn ▁Time ▁USS ▁Vel ▁Vector ▁Wal ▁YouTube
▁Zealand ▁afric ▁awards ▁ads ▁adapted ▁agency ▁agents ▁airport ▁alarm ▁alive ▁ancient ▁analytical
▁appointed ▁architecture ▁asp ▁aspect ▁attorney ▁authors ▁bul ▁batteries ▁bicycles ▁birthday ▁burned
▁cents ▁causing ▁calling ▁carrying ▁centuries ▁choices ▁channel ▁closed ▁combine ▁consequ
▁contribute ▁council ▁covering ▁creativity ▁cultivation ▁cutting ▁cyclone ▁dent ▁dead ▁decre ▁differ
▁dinner ▁distance ▁distinct ▁documents ▁domestic ▁driven ▁eth ▁educational ▁elev ▁electronic
▁embassy ▁essay ▁estimates ▁everyday ▁export ▁experiment ▁fried ▁fumonis ▁farmers ▁fifty ▁flav ▁flu
▁formal ▁fruits ▁funnels ▁grew ▁genuine ▁guitar ▁hall ▁hate ▁healing ▁heading ▁headquarters
▁helicopters ▁holding ▁homeless ▁hotel ▁immense ▁implementation ▁injuries ▁integrated ▁intermedi
▁interests ▁introduced ▁je ▁jew ▁justice ▁lady ▁liqu ▁layer ▁liability ▁liber ▁lifestyle ▁liked
▁limit ▁literally ▁micro ▁moon ▁married ▁marked ▁meaning ▁merger ▁missed ▁missing ▁monitors ▁motion
▁nar ▁normally ▁occup ▁olives ▁ongoing ▁operate ▁opinion ▁organisations ▁outdoor ▁outstanding
▁overwhel ▁owned ▁oxygen ▁pan ▁pil ▁pitch ▁package ▁paraphrase ▁partnership ▁pepper ▁penalty
▁performing ▁plot ▁possibly ▁posting ▁practices ▁preparation ▁presents ▁processes ▁prospects
▁prosper ▁psychic ▁quesion ▁reaction ▁reb ▁rebu ▁reje ▁rent ▁recover ▁regional ▁regularly ▁remaining
▁represents ▁residents ▁retailers ▁riding ▁runs ▁sample ▁san ▁sides ▁sched ▁severe ▁select ▁settled
▁sexuality ▁shock ▁signature ▁sofa ▁speaking ▁spectacular ▁stars ▁stations ▁streak ▁stopped ▁surg
▁surprise ▁surprising ▁suspense ▁swim ▁syn ▁tun ▁telling ▁terrible ▁thesis ▁therefore ▁tickets
▁torped ▁tracks ▁trading ▁treatments ▁truck ▁upper ▁vacation ▁vegetable ▁visible ▁visually ▁wise
▁warships ▁wearing ▁worn ▁yours IS Sh Un abella adal aine amas ampt ancy angers apore asts attle bur
books can cest coco ching cycle dam draw effe ele even eman enger enses esides etball ette fulness
gency gl gged hus hetic hedral ih iana icians icient ierce ifying illeg ilty iments inating inery
ingham issed ivided ker keep la lend loading lymp mail mond ms never ocal olar oms onial onio
ordinary osc osaurs oster othes otive otl oty oured outheast pal produ posed ption quatic rans run
race rapped rapeut rene ributes roph sea stances tion tle terday through theless ugh uddy ullying
uma unnels va wich worth xic ▁Aw ▁Awards ▁Abby ▁Agricultural ▁Alexand ▁Amos ▁Bas ▁Bow ▁Bur ▁Burn
▁Baron ▁Beauty ▁CR ▁Camp ▁Card ▁Cast ▁Core ▁Coun ▁Crew ▁Cy ▁Chamber ▁Chief ▁Chris ▁Charl ▁Clin
▁Classic ▁Columbia ▁Coral ▁Den ▁Digital ▁Dodgers ▁Equ ▁Experience ▁FRE ▁Fold ▁Foot ▁Full ▁Festival
▁GV ▁Ger ▁Human ▁Imp ▁Instruments ▁Kent ▁Kids ▁Kingdom ▁LO ▁Little ▁Long ▁MU ▁Mem ▁Mir ▁Mo ▁Mexico
▁Michael ▁Moroccan ▁NFL ▁NO ▁Owen ▁Order ▁PNG ▁Pitt ▁Philippines ▁Price ▁Programs ▁Rest ▁Run ▁Ry
▁Release ▁Richard ▁Square ▁Sean ▁Should ▁Singapore ▁Sometimes ▁Studies ▁Support ▁TO ▁Texcoco ▁Vill
▁Video ▁Visual ▁Walk ▁Way ▁Wel ▁Washington ▁William ▁abundance ▁accounts ▁acknowled ▁actor ▁adds
▁adults ▁alignment ▁alter ▁allocation ▁analyze ▁angry ▁annoy ▁appet ▁appealing ▁appreciate ▁arrange
▁arrest ▁arrive ▁assistance ▁ath ▁ber ▁bomb ▁bon ▁brief ▁browse ▁bask ▁believes ▁biology ▁bicycle
▁boots ▁bridge ▁breaking ▁breech ▁broch ▁camera ▁cott ▁celebrated ▁chair ▁chak ▁chosen ▁challenging
▁cheaper ▁chest ▁circum ▁classroom ▁clock ▁coach ▁cock ▁compos ▁convey ▁confused ▁consumers
▁controvers ▁convin ▁conversion ▁coral ▁corner ▁counsel ▁coverage ▁dates ▁dental ▁debug ▁decide
▁deeply ▁depict ▁deploy ▁designers ▁detect ▁diagnosed ▁disappe ▁disorder ▁displays ▁drain
▁effectiveness ▁efficiency ▁enemy ▁ends ▁entertainment ▁epis ▁equally ▁evaluation ▁exchange ▁exclus
▁exceptional ▁explan ▁extension ▁extract ▁extraordinary ▁fingers ▁frog ▁factory ▁farms ▁fees
▁feelings ▁fertile ▁films ▁fixed ▁fleet ▁forty ▁funding ▁funds ▁gather ▁garage ▁generated ▁hang
▁hidden ▁hip ▁hung ▁handling ▁helicopter ▁highlights ▁honest ▁hosting ▁hybr ▁impl ▁inner ▁inning
▁incorporating ▁installed ▁interactive ▁investigation ▁jack ▁joining ▁knows ▁labor ▁lunch ▁languages
▁lessons ▁listen ▁lucky ▁maker ▁makers ▁magazines ▁majority ▁managed ▁manual ▁marriage ▁meditation
▁medication ▁mistake ▁mode ▁mysterious ▁negot ▁ocean ▁odd ▁opinions ▁ordered ▁origin ▁output
▁overnight ▁pione ▁powers ▁pul ▁packet ▁parish ▁participants ▁perm ▁percentage ▁performed
▁phosphorus ▁plain ▁planted ▁pleasant ▁poll ▁proced ▁proof ▁programming ▁properties ▁proposal
▁proved ▁proven ▁rough ▁references ▁rein ▁realized ▁recovery ▁recognized ▁replacing ▁representative
▁resident ▁restored ▁rivers ▁rose ▁sib ▁sudd ▁scar ▁scope ▁scrap ▁schedule ▁secrets ▁sensor
▁seriously ▁shared ▁shoes ▁sheet ▁skull ▁sky ▁spiritual ▁stands ▁statistics ▁string ▁straw
▁structures ▁submitted ▁suggested ▁superior ▁supplies ▁tall ▁tasks ▁taught ▁tent ▁tight ▁tiny ▁tiss
▁tort ▁talented ▁teach ▁teens ▁technique ▁telephone ▁terror ▁trim ▁transaction ▁transfers ▁troops
▁unc ▁uns ▁underst ▁updated ▁urban ▁vib ▁volt ▁volume ▁volun ▁wal ▁wore ▁wound ▁walking ▁walls
▁washing ▁watching ▁websites ▁weekly ▁wrink And BA CA CR Health OM Sty US VE aul aun achit aka amon
anted asted aters atedly athan atrach bl bow ca card celotl cket ds ev ederate elf eling entine
estays etic etime etry etts fits gant giving gn gro hi hels ien iology iani icago idate inations
inder ioxid irable iverp iverpool izz look lisher loc makers mbud mbuds mbudsman overs ohler oli
ologist omach onge ongsan onym orious order osauria oston othe otic ouston ounce rings rors rac rage
rapeutic real rem reated related respond ribbble ristian ropolitan sects store sterdam tons ugs urdy
vis with winning words zil ▁AC ▁AR ▁Aff ▁Ald ▁Academy ▁Adam ▁Alabama ▁Along ▁Amsterdam ▁Americans
▁Antonio ▁Arch ▁Base ▁Ber ▁Billy ▁Bob ▁Boston ▁Brian ▁CI ▁Cam ▁Cand ▁Cas ▁Catal ▁Ce ▁Cong ▁Cook ▁Cuc
▁Cancer ▁Chair ▁Chel ▁Comment ▁Community ▁Council ▁Did ▁Die ▁Dribbble ▁Dur ▁Defense ▁Development
▁Discuss ▁Doctor ▁Drag ▁Econom ▁Edition ▁Ever ▁Education ▁Fer ▁Fort ▁FREE ▁Focus ▁Following ▁Gh
▁Hold ▁Huff ▁Hun ▁Harry ▁Historical ▁Homestays ▁IIT ▁IJ ▁IN ▁Iron ▁Isabella ▁Jes ▁Jeff ▁Kal ▁Kansas
▁Kitchen ▁Later ▁Live ▁Lord ▁Lead ▁Middle ▁Modern ▁NE ▁NK ▁NL ▁Network ▁OR ▁Ocelotl ▁Olymp
▁Ombudsman ▁Open ▁PH ▁Pay ▁Rad ▁Rh ▁Rom ▁Reci ▁Rehab ▁Review ▁Reduced ▁Saint ▁Skin ▁Snow ▁Southern
▁Second ▁Space ▁Speaker ▁Stay ▁Statutory ▁Stephen ▁Test ▁Therapy ▁Twitter ▁Ul ▁Vegan ▁Wales ▁Watch
▁Western ▁Wood ▁Yahoo ▁american ▁abilities ▁acre ▁aged ▁agreed ▁alternative ▁ammun ▁amphibians
▁ancest ▁analyz ▁anniversary ▁anticip ▁antioxid ▁anyway ▁array ▁asking ▁assessment ▁attached
▁attacks ▁authentic ▁bare ▁bone ▁brew ▁balls ▁beach ▁behaviour ▁blame ▁blank ▁boys ▁brands ▁breast
▁broth ▁brown ▁bushels ▁butter ▁cake ▁cow ▁crown ▁capable ▁casual ▁celebrate ▁ceremon ▁chain ▁chap
▁chronic ▁chakra ▁channels ▁charged ▁cleans ▁clubs ▁collaboration ▁commentary ▁compensation
▁complain ▁compliment ▁conc ▁conservation ▁conversation ▁convinced ▁cooked ▁cooperation ▁costume
▁criticism ▁curve ▁database ▁dies ▁diving ▁decade ▁decline ▁defence ▁depth ▁devast ▁discount
▁diseases ▁draft ▁dreams ▁dynamic ▁ere ▁earned ▁enhanced ▁enthus ▁epic ▁evac ▁expectations ▁fa
▁fitted ▁fulf ▁faces ▁facts ▁falls ▁farming ▁fastball ▁fatty ▁faucet ▁fellow ▁figures ▁firearms
▁flights ▁flew ▁floating ▁floods ▁frequ ▁frustrating ▁funny ▁gathered ▁golf ▁grey ▁gallery ▁grass
▁grat ▁guests ▁guilty ▁guys ▁hill ▁harder ▁hardly ▁heal ▁herself ▁hopefully ▁housing ▁iPhone
▁identify ▁illustr ▁illustrate ▁immig ▁impressed ▁inch ▁indu ▁increases ▁informative ▁inspiration
▁installation ▁intention ▁interface ▁interviews ▁investig ▁jun ▁jewel ▁kne ▁knock ▁lad ▁likes ▁label
▁layout ▁mand ▁masks ▁mort ▁machinery ▁magical ▁magnificent ▁maintaining ▁markets ▁measures
▁mechanism ▁medications ▁membership ▁naturally ▁networks ▁notable ▁nutri ▁nutrition ▁obtained
▁occurred ▁outs ▁porn ▁pushed ▁packaging ▁packed ▁parties ▁patterns ▁perman ▁periods ▁philosoph
▁planned ▁pleased ▁pleasure ▁poetic ▁policies ▁portray ▁prec ▁preced ▁precise ▁predict ▁premises
▁preparing ▁principles ▁productivity ▁prompt ▁purchased ▁rally ▁ranging ▁rising ▁ru ▁race ▁raising
▁rehab ▁rend ▁recording ▁regul ▁reliable ▁releasing ▁renov ▁researchers ▁revolution ▁roof ▁rotation
▁routes ▁sch ▁soup ▁southern ▁salty ▁scale ▁scrub ▁schemes ▁seconds ▁shareholders ▁showed ▁siblings
▁singer ▁sole ▁spa ▁spices ▁spons ▁split ▁stability ▁stir ▁stood ▁stre ▁stunning ▁stead ▁struggle
▁suffering ▁superv ▁suppose ▁supplement ▁sympt ▁till ▁tut ▁tablets ▁tagine ▁talent ▁talks ▁tech
▁tested ▁tests ▁theory ▁thousand ▁throat ▁tomorrow ▁traffic ▁trips ▁twists ▁twitter ▁ultimately
▁universal ▁vend ▁vibrant ▁wet ▁wine ▁wond ▁whenever ▁worst AC AT Al American BB Be Book Cast PA PL
SE TT TIC VP ait aust abled abling acle achus achusetts acks actic adium adalafil agues aleigh
allery ambling anda aneously anna anty apped ashed atonin atthew aurus avender azine ba bing bn bre
but brane cot celona cked ckets class claimed comes cuit days dep ees edge edy encing entle eties
father forcement gs har host henomen ifer iform ila iler insp isc isdom itarian iti itional iva lan
lated law looking lor llen logger mod mus mega merica ni nding odge ogen ographic okyo onia orak
oroph ospondyli ostic ouri ovie owa ownt pair pare pdf perial peton proof rim rm racy raid ramingham
rend reek reshing riers ributed ricul riculum riculture rito roid rows ructure sequently stan
stantial ternal ua uan uates uya ucky udes ulpt ulsive ulty umer ura urt vals vili vorak wed wing
which yt ▁illeg ▁Ah ▁Ak ▁Admin ▁Advent ▁Aluminium ▁Angel ▁Application ▁Ash ▁Asian ▁Augustus ▁Avon
▁BBC ▁Bah ▁Block ▁Brew ▁Barcelona ▁Being ▁Brad ▁Broad ▁Brooke ▁Brother ▁Build ▁Building ▁Burnett ▁Ca
▁Cant ▁Cow ▁Calcul ▁Canada ▁Casey ▁Cha ▁Chicago ▁Chelsea ▁Clinic ▁Color ▁Conference ▁Conn
▁Confederate ▁Current ▁Dvorak ▁Debug ▁District ▁Does ▁ERA ▁Eth ▁Event ▁Exam ▁Excell ▁Fox ▁Foundation
▁Gallery ▁George ▁Gran ▁Guard ▁Happy ▁Holy ▁Houston ▁Hul ▁Herrell ▁Historic ▁Id ▁Iowa ▁Ish ▁Instant
▁Jon ▁Jun ▁Library ▁Lions ▁Lu ▁LLP ▁Leonardo ▁Mah ▁Major ▁Mining ▁Mix ▁Magazine ▁Mariners ▁Media
▁Medical ▁Metropolitan ▁Minister ▁Missouri ▁Non ▁Need ▁Oak ▁Ol ▁Own ▁Organization ▁Outdoor ▁Pan
▁Paper ▁Pub ▁Paolo ▁Palest ▁PhD ▁Police ▁Products ▁Questions ▁Rac ▁Ram ▁Ren ▁Regulations ▁Robert
▁Russia ▁SV ▁Sil ▁Sk ▁Sky ▁Southeast ▁Sagan ▁Sea ▁Season ▁Several ▁Spirit ▁Stan ▁Strange ▁Suppl
▁Tales ▁Tem ▁Tiger ▁Tim ▁Tokyo ▁Tor ▁Try ▁THE ▁Technology ▁Uph ▁Utax ▁VP ▁Vietnam ▁Wag ▁Wall ▁Wild
▁Wol ▁Women ▁Would ▁Welcome ▁Within ▁Zzz ▁aest ▁abuse ▁absor ▁accidents ▁accord ▁achieved
▁adaptation ▁adopted ▁advertise ▁african ▁ages ▁aging ▁ammunition ▁anth ▁apps ▁arg ▁arguments
▁armored ▁arrival ▁automotive ▁avail ▁bag ▁bags ▁bani ▁bin ▁bm ▁bullying ▁banking ▁basically
▁bedroom ▁belief ▁beneficial ▁biological ▁blues ▁booking ▁brain ▁bringing ▁buildings ▁cart ▁caught
▁captain ▁capture ▁careful ▁centers ▁chances ▁checked ▁childhood ▁citizens ▁clar ▁closer ▁coord
▁cockt ▁column ▁collagen ▁commonly ▁complexity ▁consequences ▁consideration ▁contributed ▁correspond
▁crime ▁crisis ▁credit ▁cultures ▁cultivated ▁diversity ▁divided ▁dust ▁dear ▁depression
▁developments ▁directory ▁disaster ▁discl ▁dism ▁discussions ▁displayed ▁district ▁doors ▁drawn
▁drugs ▁empt ▁emergency ▁emerging ▁enorm ▁encounters ▁engagement ▁ensures ▁ensuring ▁entered
▁equipped ▁erosion ▁error ▁evil ▁expects ▁examine ▁exception ▁exerc ▁expenses ▁fires ▁fits ▁fuck
▁fabulous ▁festival ▁formula ▁framework ▁functional ▁functionality ▁governments ▁grades ▁guarantee
▁hind ▁hire ▁haz ▁happiness ▁hasn ▁healthcare ▁highlighting ▁holidays ▁honored ▁hoping ▁https
▁hungry ▁hurt ▁hyper ▁iPad ▁illness ▁illnesses ▁impression ▁implemented ▁insects ▁incident ▁indeed
▁injured ▁innovative ▁inspiring ▁instrument ▁instruments ▁intim ▁integration ▁interior ▁intermediate
▁invent ▁involve ▁isol ▁kill ▁king ▁keen ▁lake ▁lic ▁loose ▁lyr ▁layers ▁lease ▁lemons ▁lets
▁letters ▁lifted ▁lightweight ▁listings ▁loads ▁locked ▁mail ▁mask ▁mi ▁mir ▁manufacturers ▁massive
▁matches ▁mere ▁meetings ▁memories ▁metab ▁moral ▁nuc ▁nurs ▁neighbor ▁object ▁occasionally
▁offensive ▁oils ▁operational ▁opposite ▁orch ▁ownership ▁pace ▁pants ▁poo ▁parliament`;
