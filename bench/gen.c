/*
 * bench-gen: writes a synthetic forum for the benchmarks.
 *
 *	bench-gen OUT N M K [SEED] [--dupes P]
 *
 * Creates OUT (which must not exist) with N proposals over M tracks (two
 * sessions each) and K addressees.  Everything comes from one PRNG seeded
 * with SEED (default 1), so the same arguments give the same document: the
 * text export of two files made alike is byte for byte the same (UUIDs and
 * times differ, and no export shows them).
 *
 * The text is Russian-like: 15-60 words (26 on average; ~10 characters and
 * ~19 bytes a word with its space, so ~260 characters, ~490 bytes) drawn from
 * an embedded list of real words of civic vocabulary in various forms,
 * starting with an infinitive as proposals do, with commas, the odd
 * abbreviation or «quoted» name and the odd double space that hurried typing
 * leaves.  Addressee headings are real dative headings for a region.  About
 * 70% of the proposals are accepted (each tagged to 1-2 addressees), 15%
 * rejected, 10% new (half of the rejected and new ones tagged to one
 * addressee, as a moderator tags while capturing) and 5% merged into an
 * earlier accepted one.
 *
 * --dupes P plants near-duplicates for the duplicate detection benchmark:
 * P percent of the proposals (after the first) are paraphrase-like copies
 * of an earlier one, made as a moderator in another track might retype it:
 * its words in another order, a third of them in another form of the same
 * word where the list has one (поддержки -> поддержку), one word in ten
 * left out and up to two added.  Without it the text is random and
 * duplicates are rare.
 *
 * All of it is written in one action that is not undoable (forum_begin with
 * a NULL label), so 100,000 proposals take seconds.  Prints nothing but
 * errors; on error OUT is removed and the exit status is 1 (2 for usage).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/forum.h"
#include "../model/records.h"
#include "../model/status.h"
#include "../model/util.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: small, fast and the same on every platform. */
struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* A number in [0, n), n > 0. */
static size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

/* True with probability pct / 100. */
static bool
rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

#define PICK(r, a) ((a)[rng_below((r), NITEMS(a))])

/* How a proposal starts: infinitives, capitalised. */
static const char *const verbs[] = {
	"Создать", "Обеспечить", "Рассмотреть возможность", "Разработать",
	"Провести", "Расширить", "Оптимизировать", "Предусмотреть",
	"Продолжить", "Сформировать", "Организовать", "Поддержать",
	"Увеличить", "Внедрить", "Выстроить", "Подготовить", "Развивать",
	"Способствовать", "Закрепить", "Упростить", "Усилить", "Ввести",
	"Включить", "Учитывать", "Привлекать", "Вовлекать", "Информировать",
	"Размещать", "Тиражировать", "Проводить", "Активизировать",
	"Утвердить", "Инициировать", "Доработать", "Содействовать",
	"Сохранить", "Образовать", "Определить", "Повысить", "Снизить",
};

/* The body of a proposal: nouns, adjectives, verbs in various forms. */
static const char *const words[] = {
	"поддержки", "поддержку", "поддержка", "взаимодействия",
	"взаимодействие", "взаимодействию", "некоммерческих", "некоммерческим",
	"организаций", "организации", "организациям", "органами", "органов",
	"органам", "местного", "самоуправления", "муниципальных",
	"муниципальным", "муниципальные", "образований", "образованиях",
	"образования", "края", "области", "региона", "региональных",
	"региональной", "краевой", "краевых", "краевого", "государственной",
	"государственных", "власти", "исполнительной", "законодательной",
	"гражданского", "гражданских", "общества", "общественных",
	"общественной", "общественные", "инициатив", "инициативы",
	"инициативам", "социальной", "социальных", "социальные", "сферы",
	"сфере", "услуг", "услуги", "оказания", "оказанию", "бюджетным",
	"бюджетных", "средствам", "средств", "доступа", "доступ", "доступности",
	"информации", "информационную", "информационной", "методические",
	"методических", "рекомендации", "рекомендаций", "программ", "программы",
	"программе", "грантовой", "грантовых", "грантов", "конкурса",
	"конкурсов", "проектов", "проекты", "проектам", "социальных",
	"мероприятий", "мероприятия", "мероприятиях", "развития", "развитию",
	"развитие", "инфраструктуры", "ресурсных", "центров", "центра",
	"центрах", "добровольчества", "волонтерской", "волонтеров",
	"добровольцев", "молодежи", "молодежной", "политики", "детей", "детям",
	"семей", "семьям", "граждан", "гражданам", "населения", "жителей",
	"старшего", "поколения", "инвалидов", "людей", "ограниченными",
	"возможностями", "здоровья", "образовательных", "образовательные",
	"учреждений", "учреждениях", "школ", "школах", "культуры", "спорта",
	"здравоохранения", "экологии", "территорий", "территориях",
	"сельских", "поселений", "городских", "округов", "районов", "района",
	"мониторинга", "мониторинг", "анализа", "анализ", "оценки", "качества",
	"эффективности", "открытости", "отчетности", "публичной", "публичном",
	"пространстве", "сайтах", "сайта", "официальных", "сети", "Интернет",
	"механизмов", "механизм", "механизмы", "системы", "систему", "системе",
	"порядка", "порядок", "регламента", "регламент", "нормативных",
	"правовых", "актов", "законодательства", "изменений", "изменения",
	"предложений", "предложения", "практик", "практики", "опыта", "опыт",
	"успешных", "успешного", "лучших", "новых", "новые", "единой", "единую",
	"постоянной", "регулярной", "регулярные", "ежегодного", "ежегодно",
	"дополнительных", "дополнительные", "специалистов", "специалистами",
	"сотрудников", "служащих", "представителей", "представителями",
	"экспертов", "экспертного", "сообщества", "сообществ", "местных",
	"соседских", "добрососедских", "отношений", "партнерства",
	"партнерских", "межсекторного", "межведомственного", "сотрудничества",
	"координации", "деятельности", "работы", "работе", "работу",
	"обучения", "обучение", "просвещения", "просвещению", "повышения",
	"квалификации", "компетенций", "консультаций", "консультационной",
	"помощи", "помощь", "ранней", "реабилитации", "профилактики",
	"безопасности", "благоустройства", "общественного", "транспорта",
	"жилищно-коммунального", "хозяйства", "бюджета", "бюджетирования",
	"инициативного", "участия", "участие", "участников", "голосования",
	"слушаний", "обсуждения", "обсуждений", "форума", "форумов",
	"площадок", "площадки", "переговорных", "советов", "советах", "палаты",
	"палат", "ассамблеи", "комиссии", "комитета", "рабочей", "группы",
	"в", "в", "в", "на", "на", "по", "по", "по", "с", "с", "для", "для",
	"и", "и", "и", "и", "а", "также", "том", "числе", "части", "целях",
	"рамках", "вопросам", "вопросах", "при", "из", "к", "о", "об", "за",
	"между", "среди", "через", "до", "года", "2025", "2030", "течение",
	"счет", "основе", "условиях", "условий", "условия", "целью",
	"создания", "обеспечения", "проведения", "реализации", "разработки",
	"внедрения", "расширения", "привлечения", "вовлечения", "сохранения",
	"формирования", "предоставления", "распространения", "освещения",
	"популяризации", "увеличения", "сокращения", "упрощения",
	"направленных", "направленные", "ориентированных", "получивших",
	"реализующих", "действующих", "заинтересованных", "активных",
	"ответственных", "доступной", "открытой", "современной", "цифровой",
	"электронной", "дистанционной", "очной", "сторон", "уровне", "уровня",
};

/* What a moderator types in capitals or quotes now and then. */
static const char *const names[] = {
	"СО НКО", "ОМСУ", "СМИ", "РФ", "ТОС", "НКО", "МФЦ",
	"«Социальное партнерство во имя развития»", "«Университет СО НКО»",
	"«Соседское сообщество»", "«Наш край»", "«Енисей»",
	"«Активное поколение»", "«Добрые соседи»",
};

/* The regions a heading is for, in the genitive. */
static const char *const regions[] = {
	"Красноярского края", "Иркутской области", "Новосибирской области",
	"Томской области", "Кемеровской области", "Омской области",
	"Алтайского края", "Республики Хакасия", "Республики Тыва",
	"Забайкальского края",
};

/* Dative headings: "%s" is the region.  recommend: the forum cannot
 * direct them (PRODUCT.md). */
static const struct {
	const char *heading;
	const char *label;
	bool recommend;
} bodies[] = {
	{ "Отраслевым министерствам и ведомствам социальной сферы %s "
	  "(культура, образование, спорт, социальное обслуживание, "
	  "здравоохранение)", "Министерства", false },
	{ "Агентству молодежной политики и реализации программ общественного "
	  "развития %s", "Агентство", false },
	{ "Органам местного самоуправления %s", "ОМСУ", true },
	{ "Гражданской ассамблее %s, органам местного самоуправления и "
	  "муниципальным общественным палатам", "ГА и палаты", false },
	{ "Общественным советам при органах исполнительной власти %s",
	  "Общ. советы", false },
	{ "Совету по социальным грантам %s", "Совет по грантам", false },
	{ "Средствам массовой информации %s", "СМИ", true },
	{ "Центру поддержки общественных инициатив %s", "Центр", false },
	{ "Учреждениям системы профилактики жестокого обращения с детьми %s",
	  "Профилактика", true },
	{ "Некоммерческим организациям %s", "НКО", true },
	{ "Министерству образования %s", "Минобразования", false },
	{ "Министерству здравоохранения %s", "Минздрав", false },
	{ "Министерству социальной политики %s", "Минсоцполитики", false },
	{ "Министерству культуры %s", "Минкультуры", false },
	{ "Министерству спорта %s", "Минспорт", false },
	{ "Министерству экономики и регионального развития %s", "Минэкономики",
	  false },
	{ "Министерству природных ресурсов и экологии %s", "Минприроды",
	  false },
	{ "Министерству строительства %s", "Минстрой", false },
	{ "Министерству транспорта %s", "Минтранс", false },
	{ "Законодательному собранию %s", "ЗС", false },
	{ "Правительству %s", "Правительство", false },
	{ "Общественной палате %s", "ОП", false },
	{ "Образовательным организациям высшего образования %s", "Вузы",
	  true },
	{ "Ресурсным центрам поддержки добровольчества %s", "Ресурсные центры",
	  true },
	{ "Избирательной комиссии %s", "Избирком", false },
};

/* Key themes: the tracks. */
static const char *const themes[] = {
	"Создание условий для развития институтов гражданского общества, в "
	"том числе организация межсекторного взаимодействия",
	"Обеспечение эффективного взаимодействия СМИ и СО НКО",
	"Поддержка различных траекторий успешности детей в современном "
	"российском обществе",
	"Развитие инклюзивного образования и технологий раннего вмешательства",
	"Добровольчество и развитие местных сообществ",
	"Доступ СО НКО к бюджетным средствам для оказания услуг в социальной "
	"сфере",
	"Активное долголетие и поддержка старшего поколения",
	"Инициативное бюджетирование и благоустройство территорий",
	"Патриотическое воспитание и гражданское образование молодежи",
	"Экологическое просвещение и охрана природы",
};

static const char *const track_labels[] = {
	"НКО", "СМИ", "Дети", "Инклюзия", "Добровольцы", "Услуги", "Долголетие",
	"Бюджет", "Молодежь", "Экология",
};

static const char *const surnames[] = {
	"Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов",
	"Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов",
	"Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов",
	"Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров",
	"Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев",
};

static const char initials[] = "АБВГДЕИКЛМНОПРСТЮ";

static const char *const organisations[] = {
	"", "", "", "", "", "АНО «Центр социальных программ»",
	"Региональная общественная организация «Забота»",
	"Фонд развития местных сообществ", "Молодежный совет",
	"Общественная палата", "Ресурсный центр НКО", "ТОС «Северный»",
	"Благотворительный фонд «Открытые сердца»", "Совет ветеранов",
	"Администрация района", "Университет", "Школа № 12",
};

/* "Фамилия И. О.", the surname in the feminine half of the time. */
static void
author_make(struct rng *r, struct buf *b)
{
	const char *s = PICK(r, surnames);
	size_t n = strlen(initials) / 2; /* two bytes each */
	size_t i1 = rng_below(r, n), i2 = rng_below(r, n);

	buf_reset(b);
	buf_adds(b, s);
	if (rng_pct(r, 50)) {
		/* Фёдоров -> Фёдорова, Соловьёв -> Соловьёва. */
		buf_addc(b, '\xd0');
		buf_addc(b, '\xb0');
	}
	buf_addc(b, ' ');
	buf_add(b, initials + 2 * i1, 2);
	buf_adds(b, ". ");
	buf_add(b, initials + 2 * i2, 2);
	buf_addc(b, '.');
}

/* One proposal's text. */
static void
text_make(struct rng *r, struct buf *b)
{
	/* 15..60 words, the smallest of three draws: 26 on average, most
	 * near 20, as in the reference resolution. */
	size_t a = rng_below(r, 46), c = rng_below(r, 46), d = rng_below(r, 46);
	size_t n = 15 + (a < c ? (a < d ? a : d) : (c < d ? c : d)), i;

	buf_reset(b);
	buf_adds(b, PICK(r, verbs));
	for (i = 1; i < n; i++) {
		if (i > 2 && rng_pct(r, 6))
			buf_addc(b, ',');
		buf_addc(b, ' ');
		if (rng_pct(r, 2))
			buf_addc(b, ' ');
		buf_adds(b, rng_pct(r, 4) ? PICK(r, names) : PICK(r, words));
	}
	buf_addc(b, '.');
}

/* The n-th title of a list of themes, made unique past its end. */
static char *
nth_name(const char *const *list, size_t len, size_t i)
{
	if (i < len)
		return xstrdup(list[i]);
	return xasprintf("%s (%zu)", list[i % len], i / len + 1);
}

struct gen {
	struct forum *f;
	struct rng rng;
	int64_t *tracks;    /* M */
	int64_t *sessions;  /* 2 * M */
	int64_t *addressees; /* K */
	int64_t *accepted;  /* ids of accepted proposals so far */
	size_t naccepted;
	size_t ntracks, naddressees;
	unsigned dupes;  /* --dupes: percent of planted near-duplicates */
	char **texts;    /* every text so far, when dupes > 0 */
};

static enum status
gen_forum(struct gen *g)
{
	struct forum_info fi = {
		.title = (char *)"Синтетический гражданский форум",
		.resolution_title =
		    (char *)"Резолюция Синтетического гражданского форума.",
		.city = (char *)"Г. Красноярск",
		.start_date = (char *)"2017-12-15",
		.end_date = (char *)"2017-12-16",
		.doc_date = (char *)"2018-01-30",
		.participants_intro = (char *)"В работе Форума приняли участие:",
		.themes_intro =
		    (char *)"Ключевыми темами для обсуждения на Форуме стали:",
		.lead_in = (char *)"По итогам работы всех форматов Форума "
		    "участниками и экспертами были сформулированы следующие "
		    "предложения:",
		.final = false,
	};
	static const char *const groups[] = {
		"Представители законодательной и исполнительной власти края, "
		"члены Гражданской ассамблеи, экспертного и тренерского "
		"сообщества.",
		"Главы муниципальных образований, лидеры и добровольцы "
		"социально ориентированных некоммерческих организаций, "
		"представители средств массовой информации и бизнеса.",
		"Представители органов и учреждений системы профилактики.",
	};
	enum status st;
	size_t i;

	if ((st = forum_info_set(g->f, &fi)) != ST_OK)
		return st;
	st = paragraph_insert(g->f, PARA_OPENING, "Синтетический форум для "
	    "измерения скорости: его предложения составлены из случайных слов "
	    "гражданской лексики.", NULL);
	for (i = 0; i < NITEMS(groups) && st == ST_OK; i++)
		st = group_insert(g->f, groups[i], NULL);
	if (st == ST_OK)
		st = paragraph_insert(g->f, PARA_CLOSING, "Форумной кампании "
		    "предшествовала серия муниципальных форумов и экспертных "
		    "круглых столов.", NULL);
	return st;
}

static enum status
gen_tracks(struct gen *g)
{
	enum status st = ST_OK;
	size_t i, j;

	for (i = 0; i < g->ntracks && st == ST_OK; i++) {
		struct track t = { 0 };
		struct buf mod = { 0 };

		author_make(&g->rng, &mod);
		t.title = nth_name(themes, NITEMS(themes), i);
		t.label = nth_name(track_labels, NITEMS(track_labels), i);
		t.moderator = mod.data;
		st = track_insert(g->f, &t);
		g->tracks[i] = t.rec.id;
		for (j = 0; j < 2 && st == ST_OK; j++) {
			struct session s = {
				.track_id = t.rec.id,
				.title = j == 0 ? (char *)"Сессия 1" :
				    (char *)"Сессия 2",
				.date = j == 0 ? (char *)"2017-12-15" :
				    (char *)"2017-12-16",
				.time = j == 0 ? (char *)"10:00" :
				    (char *)"14:30",
				.room = (char *)"Зал 1",
				.state = SESSION_CLOSED,
			};

			st = session_insert(g->f, &s);
			g->sessions[2 * i + j] = s.rec.id;
		}
		track_clear(&t);
	}
	return st;
}

static enum status
gen_addressees(struct gen *g)
{
	size_t nb = NITEMS(bodies), nr = NITEMS(regions);
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < g->naddressees && st == ST_OK; i++) {
		size_t b = i % nb, reg = (i / nb) % nr, round = i / (nb * nr);
		struct addressee a = { .recommend = bodies[b].recommend };
		struct buf h = { 0 };

		/* The format strings are the table's own constants. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		buf_printf(&h, bodies[b].heading, regions[reg]);
#pragma GCC diagnostic pop
		if (round > 0)
			buf_printf(&h, " (%zu)", round + 1);
		a.heading = h.data;
		a.label = i < nb ? xstrdup(bodies[b].label) :
		    xasprintf("%s %zu", bodies[b].label, i / nb + 1);
		st = addressee_insert(g->f, &a);
		g->addressees[i] = a.rec.id;
		addressee_clear(&a);
	}
	return st;
}

/* An addressee for a proposal: some bodies get far more than others. */
static int64_t
gen_pick_addressee(struct gen *g)
{
	size_t k = g->naddressees;

	if (rng_pct(&g->rng, 40))
		k = k / 4 + 1 < k ? k / 4 + 1 : k;
	return g->addressees[rng_below(&g->rng, k)];
}

/* Bytes two forms of one word share at least (4 Cyrillic letters). */
#define SIBLING_PREFIX 8

/* Another form of word w from the list (same first letters), or w. */
static const char *
sibling(struct rng *r, const char *w)
{
	const char *found[16];
	size_t n = 0, i, len = strlen(w);

	if (len < SIBLING_PREFIX + 2)
		return w;
	for (i = 0; i < NITEMS(words) && n < NITEMS(found); i++)
		if (strcmp(words[i], w) != 0 &&
		    strncmp(words[i], w, SIBLING_PREFIX) == 0 &&
		    strlen(words[i]) + 6 >= len && strlen(words[i]) <= len + 6)
			found[n++] = words[i];
	return n > 0 ? found[rng_below(r, n)] : w;
}

/* A paraphrase-like copy of src into b (see the top). */
static void
text_paraphrase(struct rng *r, const char *src, struct buf *b)
{
	char *copy = xstrdup(src), *p, *save = NULL;
	const char **w = NULL;
	size_t n = 0, i, j, k;

	for (p = strtok_r(copy, " ,.", &save); p != NULL;
	    p = strtok_r(NULL, " ,.", &save)) {
		w = xreallocarray(w, n + 1, sizeof *w);
		w[n++] = p;
	}
	for (i = n; i > 1; i--) { /* Fisher-Yates */
		const char *t = w[i - 1];

		j = rng_below(r, i);
		w[i - 1] = w[j];
		w[j] = t;
	}
	buf_reset(b);
	for (i = 0; i < n; i++) {
		const char *t = w[i];

		if (n > 3 && rng_pct(r, 10))
			continue;
		if (rng_pct(r, 33))
			t = sibling(r, t);
		if (b->len > 0)
			buf_addc(b, ' ');
		buf_adds(b, t);
	}
	for (k = rng_below(r, 3); k > 0; k--) {
		buf_addc(b, ' ');
		buf_adds(b, PICK(r, words));
	}
	buf_addc(b, '.');
	free(w);
	free(copy);
}

static enum status
gen_proposals(struct gen *g, size_t n)
{
	struct buf text = { 0 }, author = { 0 };
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < n && st == ST_OK; i++) {
		struct proposal p = { 0 };
		size_t t = rng_below(&g->rng, g->ntracks), pct;
		int64_t a1, a2;
		int ntags = 0;

		if (g->dupes > 0 && i > 0 && rng_pct(&g->rng, g->dupes))
			text_paraphrase(&g->rng,
			    g->texts[rng_below(&g->rng, i)], &text);
		else
			text_make(&g->rng, &text);
		if (g->dupes > 0)
			g->texts[i] = xstrdup(text.data);
		author_make(&g->rng, &author);
		p.track_id = g->tracks[t];
		p.session_id = g->sessions[2 * t + rng_below(&g->rng, 2)];
		p.text = text.data;
		p.author = rng_pct(&g->rng, 85) ? author.data : (char *)"";
		p.organisation = (char *)PICK(&g->rng, organisations);
		p.note = (char *)"";
		pct = rng_below(&g->rng, 100);
		if (pct < 70 || (pct >= 95 && g->naccepted == 0))
			p.status = PROPOSAL_ACCEPTED;
		else if (pct < 85)
			p.status = PROPOSAL_REJECTED;
		else if (pct < 95)
			p.status = PROPOSAL_NEW;
		else {
			p.status = PROPOSAL_MERGED;
			p.merged_into = g->accepted[rng_below(&g->rng,
			    g->naccepted)];
		}
		if (p.status != PROPOSAL_NEW) {
			p.votes_for = (int64_t)rng_below(&g->rng, 60) + 1;
			p.votes_against = (int64_t)rng_below(&g->rng, 15);
			p.votes_abstain = (int64_t)rng_below(&g->rng, 10);
		}
		if ((st = proposal_insert(g->f, &p)) != ST_OK)
			break;
		if (p.status == PROPOSAL_ACCEPTED) {
			g->accepted[g->naccepted++] = p.rec.id;
			ntags = rng_pct(&g->rng, 25) ? 2 : 1;
		} else if (p.status != PROPOSAL_MERGED &&
		    rng_pct(&g->rng, 50))
			ntags = 1;
		a1 = gen_pick_addressee(g);
		if (ntags >= 1)
			st = proposal_tag(g->f, p.rec.id, a1);
		if (ntags == 2 && st == ST_OK && g->naddressees > 1) {
			do
				a2 = gen_pick_addressee(g);
			while (a2 == a1);
			st = proposal_tag(g->f, p.rec.id, a2);
		}
	}
	buf_free(&text);
	buf_free(&author);
	return st;
}

/* A whole number from min to max, or -1. */
static long
arg_num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		return -1;
	return v;
}

static void
remove_file(const char *path)
{
	char *p;

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
}

int
main(int argc, char **argv)
{
	struct gen g = { 0 };
	enum status st;
	char *err = NULL;
	long n, m, k, seed = 1, dupes = 0;
	int i, j;

	/* --dupes P may come anywhere after OUT. */
	for (i = j = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dupes") == 0 && i + 1 < argc &&
		    (dupes = arg_num(argv[i + 1], 0, 100)) >= 0) {
			i++;
			continue;
		}
		if (strcmp(argv[i], "--dupes") == 0)
			dupes = -1;
		argv[j++] = argv[i];
	}
	argc = j;
	if (dupes < 0 || argc < 5 || argc > 6 ||
	    (n = arg_num(argv[2], 0, 100000000)) < 0 ||
	    (m = arg_num(argv[3], 1, 100000)) < 0 ||
	    (k = arg_num(argv[4], 1, 100000)) < 0 ||
	    (argc == 6 && (seed = arg_num(argv[5], 0, LONG_MAX)) < 0)) {
		fprintf(stderr, "usage: bench-gen OUT N M K [SEED] "
		    "[--dupes P]\n"
		    "  N proposals (0..100000000), M tracks (1..100000), "
		    "K addressees (1..100000), SEED a number >= 0,\n"
		    "  P the percentage of near-duplicates planted (0..100)\n");
		return 2;
	}
	g.rng.s = (uint64_t)seed;
	g.ntracks = (size_t)m;
	g.naddressees = (size_t)k;
	g.dupes = (unsigned)dupes;
	if (g.dupes > 0)
		g.texts = xcalloc((size_t)n + 1, sizeof *g.texts);
	if ((st = forum_open(argv[1], FORUM_CREATE, &g.f, &err)) != ST_OK) {
		fprintf(stderr, "bench-gen: %s\n", err ? err : status_text(st));
		free(err);
		return 1;
	}
	g.tracks = xcalloc(g.ntracks, sizeof *g.tracks);
	g.sessions = xcalloc(2 * g.ntracks, sizeof *g.sessions);
	g.addressees = xcalloc(g.naddressees, sizeof *g.addressees);
	g.accepted = xcalloc((size_t)n + 1, sizeof *g.accepted);

	st = forum_begin(g.f, NULL);
	if (st == ST_OK)
		st = gen_forum(&g);
	if (st == ST_OK)
		st = gen_tracks(&g);
	if (st == ST_OK)
		st = gen_addressees(&g);
	if (st == ST_OK)
		st = gen_proposals(&g, (size_t)n);
	if (st == ST_OK)
		st = forum_commit(g.f);
	if (st != ST_OK) {
		fprintf(stderr, "bench-gen: %s: %s\n", argv[1],
		    forum_error(g.f));
		forum_rollback(g.f);
	}
	forum_close(g.f);
	if (st != ST_OK)
		remove_file(argv[1]);
	free(g.tracks);
	free(g.sessions);
	free(g.addressees);
	free(g.accepted);
	if (g.texts != NULL)
		for (i = 0; i < n; i++)
			free(g.texts[i]);
	free(g.texts);
	return st == ST_OK ? 0 : 1;
}
