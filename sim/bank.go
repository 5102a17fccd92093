package sim

// The sentence bank stories are written from. Templates use a small
// language (see expand in text.go): {a|b|c} picks one of the choices
// (a structural choice: stories of one template family make the same
// ones), $NAME fills a slot with a value of the story (different in every
// story). The text is written in the old tone style (ủy, hòa, thủy) as
// the real article is; feeds switch part of it to the new style.

// topic is one kind of news a unit publishes.
type topic struct {
	key    string
	titles []string // the headline
	leads  []string // the sapo: one or two sentences
	body   []string // sentences specific to the topic
}

var topics = []topic{
	{
		key: "dan-van",
		titles: []string{
			"{Ban Dân vận|Khối dân vận} $PARTY tổng kết công tác dân vận năm $YEAR",
			"$PARTY tổ chức hội nghị tổng kết công tác dân vận năm $YEAR, triển khai nhiệm vụ năm $NEXT",
		},
		leads: []string{
			"Ngày $DAY, {Ban Dân vận|Khối dân vận} $PARTY tổ chức hội nghị tổng kết công tác dân vận năm $YEAR, triển khai phương hướng nhiệm vụ năm $NEXT. Dự hội nghị có đ/c $P1 - $R1, đ/c $P2 - $R2",
			"Sáng $DAY, $PARTY tổ chức hội nghị tổng kết công tác dân vận năm $YEAR với sự tham dự của đ/c $P1 - $R1 và $N đại biểu",
		},
		body: []string{
			"Năm $YEAR, công tác dân vận đã được cả hệ thống chính trị {triển khai thực hiện có hiệu quả|quan tâm chỉ đạo sát sao}, chủ đề năm \"Dân vận khéo\" đạt nhiều kết quả thiết thực.",
			"Trong năm, {Ban Dân vận|khối dân vận} đã tham mưu ban hành $N văn bản lãnh đạo, chỉ đạo về công tác dân vận.",
			"{Mô hình|Phong trào} \"Chính quyền thân thiện vì nhân dân phục vụ\" được duy trì tại $N {khu dân cư|tổ dân phố|thôn, xóm}.",
			"Việc tiếp xúc, đối thoại với nhân dân được tăng cường; $N đơn thư khiếu nại, tố cáo được giải quyết {kịp thời|dứt điểm}.",
			"Năm $NEXT, {Ban Dân vận|khối dân vận} tiếp tục tuyên truyền, vận động nhân dân thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
		},
	},
	{
		key: "tiep-dan",
		titles: []string{
			"{Lãnh đạo|Chủ tịch} $UNIT tiếp công dân định kỳ tháng $MONTH",
			"$UNIT tổ chức tiếp công dân, giải quyết $N {kiến nghị|đơn thư} về đất đai",
		},
		leads: []string{
			"Ngày $DAY, đ/c $P1 - $R1 chủ trì buổi tiếp công dân định kỳ tháng $MONTH tại trụ sở $UNIT",
			"Sáng $DAY, tại trụ sở $UNIT, đ/c $P1 - $R1 đã tiếp $N lượt công dân đến phản ánh, kiến nghị",
		},
		body: []string{
			"Các ý kiến tập trung vào {việc cấp giấy chứng nhận quyền sử dụng đất|bồi thường, hỗ trợ giải phóng mặt bằng|chế độ chính sách với người có công}.",
			"Sau khi nghe công dân trình bày, đ/c $P1 giao {phòng chuyên môn|công chức địa chính|Văn phòng HĐND và UBND} kiểm tra, trả lời bằng văn bản trước ngày $DUE.",
			"Ông $P3, trú tại $HAMLET, kiến nghị xem xét việc cấp đổi giấy chứng nhận cho $N hộ dân.",
			"Đối với những vụ việc vượt thẩm quyền, $UNIT hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền giải quyết.",
		},
	},
	{
		key: "thien-tai",
		titles: []string{
			"$UNIT triển khai phương án phòng, chống thiên tai và tìm kiếm cứu nạn năm $YEAR",
			"$UNIT diễn tập phòng, chống lụt bão tại $HAMLET",
		},
		leads: []string{
			"Ngày $DAY, Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn $UNITSHORT tổ chức hội nghị triển khai nhiệm vụ năm $YEAR",
			"Sáng $DAY, $UNIT tổ chức diễn tập phòng, chống lụt bão với sự tham gia của $BIG lượt người",
		},
		body: []string{
			"Địa phương đã chuẩn bị $N xuồng máy, $BIG áo phao và {hàng nghìn bao tải cát|nhiều vật tư dự phòng} theo phương châm \"bốn tại chỗ\".",
			"Tuyến đê dài $N km qua địa bàn được kiểm tra {trước mùa mưa bão|định kỳ hằng tháng}, $N điểm xung yếu đã được gia cố.",
			"Đ/c $P1 yêu cầu các {thôn, xóm|tổ dân phố} rà soát các hộ dân ở vùng trũng, sẵn sàng sơ tán khi có lệnh.",
			"Lực lượng xung kích gồm $BIG người được tập huấn kỹ năng cứu hộ, cứu nạn.",
		},
	},
	{
		key: "nong-thon-moi",
		titles: []string{
			"$UNIT ra quân xây dựng nông thôn mới nâng cao tại $HAMLET",
			"$HAMLET về đích khu dân cư nông thôn mới kiểu mẫu",
		},
		leads: []string{
			"Ngày $DAY, $UNIT tổ chức lễ ra quân xây dựng nông thôn mới nâng cao, thu hút $BIG người dân tham gia",
			"Sau $N tháng triển khai, $HAMLET đã hoàn thành $N/$N tiêu chí khu dân cư nông thôn mới kiểu mẫu",
		},
		body: []string{
			"Nhân dân đã hiến $BIG m² đất, đóng góp $MONEY để {cứng hóa đường giao thông nội đồng|xây dựng nhà văn hóa|lắp đặt điện chiếu sáng}.",
			"Thu nhập bình quân đầu người đạt $MONEYPP, tỷ lệ hộ nghèo giảm còn $SMALL%.",
			"{Các tuyến đường|Các ngõ xóm} được trồng hoa, cây xanh; $N tuyến đường được gắn biển \"tuyến đường tự quản\".",
			"Đ/c $P1 đề nghị các đoàn thể tiếp tục vận động nhân dân giữ gìn cảnh quan, vệ sinh môi trường.",
		},
	},
	{
		key: "bau-cu",
		titles: []string{
			"$UNIT kiểm tra công tác chuẩn bị bầu cử tại các tổ bầu cử",
			"$UNIT niêm yết danh sách cử tri tại $N khu vực bỏ phiếu",
		},
		leads: []string{
			"Ngày $DAY, đoàn kiểm tra do đ/c $P1 - $R1 làm trưởng đoàn đã kiểm tra công tác chuẩn bị bầu cử tại $N khu vực bỏ phiếu",
			"Theo kế hoạch, $UNIT đã hoàn thành niêm yết danh sách $BIG cử tri tại $N khu vực bỏ phiếu",
		},
		body: []string{
			"Các tổ bầu cử đã {bố trí phòng bỏ phiếu, hòm phiếu|chuẩn bị đầy đủ tài liệu, con dấu} theo đúng quy định.",
			"Công tác tuyên truyền về cuộc bầu cử được thực hiện qua hệ thống loa truyền thanh ở $N {thôn|tổ dân phố}.",
			"Đoàn kiểm tra lưu ý việc bảo đảm an ninh, trật tự và phương án dự phòng tại $HAMLET.",
			"Đến nay không có khiếu nại nào liên quan đến danh sách cử tri.",
		},
	},
	{
		key: "y-te",
		titles: []string{
			"$UNIT ra quân tiêm chủng mở rộng đợt $N năm $YEAR",
			"Trạm Y tế $UNITSHORT khám sàng lọc miễn phí cho $BIG người cao tuổi",
		},
		leads: []string{
			"Ngày $DAY, Trạm Y tế $UNITSHORT phối hợp với Trung tâm Y tế tổ chức tiêm chủng cho $BIG trẻ em",
			"Trong hai ngày, các y, bác sĩ đã khám sàng lọc, tư vấn sức khỏe miễn phí cho $BIG người cao tuổi",
		},
		body: []string{
			"Tỷ lệ trẻ em dưới một tuổi được tiêm đủ các loại vắc-xin đạt $PCT%.",
			"Các trường hợp có dấu hiệu bệnh {tăng huyết áp|đái tháo đường|về mắt} được hướng dẫn điều trị tại tuyến trên.",
			"Bác sĩ $P3 cho biết trạm đã chuẩn bị $N bàn khám và {đủ thuốc|tủ thuốc cấp cứu} phục vụ người dân.",
			"{Hoạt động|Chương trình} nhằm nâng cao sức khỏe cộng đồng, phòng bệnh từ sớm.",
		},
	},
	{
		key: "giao-duc",
		titles: []string{
			"$UNIT trao $N suất học bổng cho học sinh vượt khó học giỏi",
			"$UNIT khen thưởng $N học sinh đạt giải học sinh giỏi năm học $YEAR-$NEXT",
		},
		leads: []string{
			"Ngày $DAY, $UNIT tổ chức lễ trao $N suất học bổng cho học sinh có hoàn cảnh khó khăn, tổng trị giá $MONEY",
			"Sáng $DAY, $UNIT tuyên dương $N học sinh đạt thành tích cao trong các kỳ thi năm học $YEAR-$NEXT",
		},
		body: []string{
			"Năm học vừa qua, các trường trên địa bàn có {tỷ lệ học sinh lên lớp|tỷ lệ tốt nghiệp} đạt $PCT%.",
			"Em $P3, học sinh lớp $GRADE, chia sẻ sẽ cố gắng học tập để không phụ lòng thầy cô và gia đình.",
			"Quỹ khuyến học đã vận động được $MONEY từ các doanh nghiệp và nhà hảo tâm.",
			"Đ/c $P1 mong các em tiếp tục phấn đấu, {rèn luyện đạo đức|học tập tốt}, trở thành con ngoan trò giỏi.",
		},
	},
	{
		key: "cai-cach",
		titles: []string{
			"$UNIT đẩy mạnh cải cách thủ tục hành chính, dịch vụ công trực tuyến",
			"Bộ phận một cửa $UNITSHORT tiếp nhận $BIG hồ sơ trực tuyến",
		},
		leads: []string{
			"Từ đầu năm đến nay, Bộ phận tiếp nhận và trả kết quả $UNITSHORT đã tiếp nhận $BIG hồ sơ, $PCT% được giải quyết trước hạn",
			"Ngày $DAY, $UNIT tổ chức hội nghị đánh giá công tác cải cách hành chính $N tháng đầu năm $YEAR",
		},
		body: []string{
			"Tỷ lệ hồ sơ nộp qua Cổng dịch vụ công trực tuyến đạt $PCT%, tăng $SMALL% so với cùng kỳ.",
			"Công chức $P3 được giao hướng dẫn người dân {tạo tài khoản định danh điện tử|thanh toán trực tuyến}.",
			"$N thủ tục hành chính đã được niêm yết công khai tại trụ sở và trên trang thông tin điện tử.",
			"Không có hồ sơ nào bị {trễ hẹn|phản ánh, kiến nghị} trong kỳ báo cáo.",
		},
	},
	{
		key: "an-ninh",
		titles: []string{
			"$UNIT tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm $YEAR",
			"Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại $HAMLET",
		},
		leads: []string{
			"Ngày $DAY, $UNIT tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại $HAMLET, thu hút đông đảo nhân dân tham gia",
			"Năm $YEAR, phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn $UNITSHORT có nhiều chuyển biến tích cực",
		},
		body: []string{
			"Lực lượng công an đã tiếp nhận $N tin báo, {giải quyết dứt điểm|xử lý kịp thời} các vụ việc phát sinh.",
			"$N mô hình tự quản về an ninh, trật tự được duy trì hiệu quả ở các khu dân cư.",
			"Trưởng Công an $UNITSHORT, ông $P3, báo cáo tình hình tội phạm giảm $SMALL% so với cùng kỳ.",
			"{Nhiều tập thể, cá nhân|$N tập thể và $N cá nhân} được khen thưởng vì có thành tích xuất sắc.",
		},
	},
	{
		key: "moi-truong",
		titles: []string{
			"$UNIT ra quân vệ sinh môi trường hưởng ứng Ngày Môi trường thế giới",
			"$UNIT thu gom $N tấn rác thải tại $HAMLET",
		},
		leads: []string{
			"Sáng $DAY, $UNIT phát động ra quân tổng vệ sinh môi trường với sự tham gia của $BIG đoàn viên, hội viên",
			"Hưởng ứng Ngày Môi trường thế giới, $UNIT đã thu gom $N tấn rác thải, phát quang $N km đường làng",
		},
		body: []string{
			"Các đoàn viên thanh niên đã {khơi thông cống rãnh|nhặt rác thải nhựa|trồng cây xanh} dọc các tuyến đường.",
			"Đ/c $P1 kêu gọi mỗi hộ gia đình phân loại rác thải tại nguồn, hạn chế sử dụng túi ni lông.",
			"$N điểm tập kết rác thải tự phát đã được xóa bỏ.",
			"Hội Liên hiệp Phụ nữ duy trì mô hình \"{Đổi rác lấy quà|Ngôi nhà xanh}\" tại $HAMLET.",
		},
	},
	{
		key: "an-sinh",
		titles: []string{
			"$UNIT trao quà Tết cho $BIG hộ nghèo, gia đình chính sách",
			"$UNIT bàn giao nhà đại đoàn kết cho hộ nghèo tại $HAMLET",
		},
		leads: []string{
			"Dịp Tết Nguyên đán, $UNIT đã trao $BIG suất quà cho hộ nghèo, gia đình chính sách với tổng trị giá $MONEY",
			"Ngày $DAY, Ủy ban MTTQ $UNITSHORT bàn giao nhà đại đoàn kết cho gia đình bà $P3 tại $HAMLET",
		},
		body: []string{
			"Ngôi nhà có diện tích $AREA m², kinh phí xây dựng $MONEY, trong đó {Quỹ Vì người nghèo|các nhà hảo tâm} hỗ trợ một phần.",
			"Đ/c $P1 thăm hỏi, động viên gia đình vượt qua khó khăn, ổn định cuộc sống.",
			"Toàn bộ quà được trao tận tay, {đúng đối tượng|công khai, minh bạch}, không để ai bị bỏ sót.",
			"Bà $P3 xúc động cảm ơn sự quan tâm của cấp ủy, chính quyền và các đoàn thể.",
		},
	},
	{
		key: "hdnd",
		titles: []string{
			"Kỳ họp thứ $N HĐND $UNITSHORT khóa $TERM",
			"HĐND $UNITSHORT tổ chức kỳ họp chuyên đề thông qua $N nghị quyết",
		},
		leads: []string{
			"Ngày $DAY, HĐND $UNITSHORT khóa $TERM tổ chức kỳ họp thứ $N để xem xét, quyết định nhiều nội dung quan trọng",
			"Sau một ngày làm việc, kỳ họp chuyên đề HĐND $UNITSHORT đã thông qua $N nghị quyết",
		},
		body: []string{
			"Kỳ họp đã nghe báo cáo tình hình kinh tế - xã hội, tổng thu ngân sách đạt $MONEY, bằng $PCT% dự toán.",
			"Đ/c $P1 - $R1 chủ trì {kỳ họp|phiên thảo luận}, đề nghị các đại biểu phát huy tinh thần trách nhiệm.",
			"$N lượt đại biểu tham gia thảo luận, tập trung vào {giải phóng mặt bằng|đầu tư công|thu ngân sách}.",
			"Các nghị quyết được thông qua với tỷ lệ {tán thành tuyệt đối|$PCT% đại biểu tán thành}.",
		},
	},
	{
		key: "the-thao",
		titles: []string{
			"$UNIT khai mạc giải bóng đá thanh niên năm $YEAR",
			"Sôi nổi hội thi văn nghệ quần chúng tại $UNITSHORT",
		},
		leads: []string{
			"Tối $DAY, $UNIT khai mạc giải bóng đá thanh niên với sự tham gia của $N đội bóng đến từ các {thôn|tổ dân phố}",
			"Hội thi văn nghệ quần chúng năm $YEAR của $UNITSHORT đã thu hút $N đội với gần $BIG diễn viên không chuyên",
		},
		body: []string{
			"Các trận đấu diễn ra {sôi nổi, hấp dẫn|trên tinh thần đoàn kết, cao thượng} trong $N ngày.",
			"Ban tổ chức trao giải nhất cho đội $HAMLET, giải phong cách cho đội có cầu thủ $P3.",
			"Hoạt động góp phần đẩy mạnh phong trào toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại.",
			"Đ/c $P1 biểu dương các đội đã tích cực tập luyện, mang đến {nhiều tiết mục đặc sắc|những trận cầu đẹp}.",
		},
	},
	{
		key: "chuyen-doi-so",
		titles: []string{
			"$UNIT ra mắt tổ công nghệ số cộng đồng",
			"$UNIT hướng dẫn $BIG người dân cài đặt ứng dụng định danh điện tử",
		},
		leads: []string{
			"Ngày $DAY, $UNIT ra mắt $N tổ công nghệ số cộng đồng với $BIG thành viên",
			"Trong tháng $MONTH, các tổ công nghệ số cộng đồng $UNITSHORT đã hướng dẫn $BIG người dân kích hoạt tài khoản định danh điện tử",
		},
		body: []string{
			"Các thành viên là {đoàn viên thanh niên, công an viên|cán bộ thôn, tổ dân phố} được tập huấn kỹ năng số cơ bản.",
			"Tỷ lệ người dân từ 14 tuổi trở lên có tài khoản định danh điện tử đạt $PCT%.",
			"Anh $P3, tổ trưởng một tổ công nghệ số, cho biết mỗi tối tổ đến từng nhà hướng dẫn bà con.",
			"Thanh toán không dùng tiền mặt được triển khai tại $N {chợ|cửa hàng} trên địa bàn.",
		},
	},
}

// generic sentences any story may carry after its own.
var generic = []string{
	"{Phát biểu kết luận|Phát biểu chỉ đạo}, đ/c $P1 ghi nhận và biểu dương những kết quả đạt được trong thời gian qua.",
	"Đồng chí đề nghị thời gian tới cần {tập trung thực hiện một số nhiệm vụ trọng tâm|tiếp tục đổi mới nội dung, phương thức hoạt động}.",
	"Dịp này, $N tập thể và $N cá nhân được {tặng giấy khen|khen thưởng} vì có thành tích xuất sắc.",
	"Tham dự còn có đại diện lãnh đạo các ban, ngành, đoàn thể và $N đại biểu đến từ các {thôn, xóm|tổ dân phố|khu dân cư}.",
	"Hội nghị đã nghe $N ý kiến tham luận của các đơn vị về kinh nghiệm và cách làm hay.",
	"Theo báo cáo, {trong năm|từ đầu năm}, địa phương đã huy động được $MONEY cho các công trình phúc lợi.",
	"MTTQ và các đoàn thể tiếp tục đổi mới nội dung, phương thức hoạt động, thực hiện tốt vai trò đại diện, bảo vệ quyền lợi chính đáng của đoàn viên, hội viên.",
	"Đ/c $P2 - $R2 nhấn mạnh cần phát huy vai trò nêu gương của cán bộ, đảng viên.",
	"Công tác kiểm tra, giám sát được thực hiện thường xuyên với $N cuộc kiểm tra.",
	"Bên cạnh kết quả đạt được, hội nghị cũng chỉ ra một số {hạn chế|tồn tại} cần khắc phục như {cơ sở vật chất còn thiếu|nguồn lực còn hạn chế}.",
	"{Ông|Bà} $P3, người dân $HAMLET, cho biết bà con rất phấn khởi trước những đổi thay của quê hương.",
	"Kết quả này góp phần hoàn thành các chỉ tiêu Nghị quyết Đại hội Đảng bộ nhiệm kỳ $TERMYEARS.",
	"Ngay sau hội nghị, các {đơn vị|tổ chức cơ sở đảng} đã xây dựng kế hoạch cụ thể để triển khai thực hiện.",
	"Được biết, đây là năm thứ $N liên tiếp địa phương tổ chức hoạt động này.",
	"Tổng kinh phí thực hiện là $MONEY, từ nguồn ngân sách và xã hội hóa.",
	"Đến nay, $PCT% {hộ gia đình|khu dân cư} đạt danh hiệu văn hóa.",
}

// captions are photo captions, their own paragraph under an image.
var captions = []string{
	"Các đại biểu dự hội nghị",
	"Đ/c $P1 phát biểu tại hội nghị",
	"Quang cảnh buổi lễ",
	"Đ/c $P1 trao quà cho các hộ gia đình",
	"Các đại biểu tham quan mô hình tại $HAMLET",
	"Người dân $HAMLET tham gia hưởng ứng",
}

// familyTitles are the headlines of template families: every ward of a
// city publishes the same headline in the same week about its own event.
var familyTitles = []string{
	"Hội nghị tổng kết công tác dân vận năm $YEAR",
	"Ra quân tổng vệ sinh môi trường",
	"Tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm $YEAR",
	"Trao quà cho hộ nghèo nhân dịp Tết Nguyên đán",
}

// familyTopics pairs each family title with the topic its body comes from.
var familyTopics = []string{"dan-van", "moi-truong", "an-ninh", "an-sinh"}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai"}
	middleNames = []string{"Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Thu", "Xuân", "Hồng", "Chí"}
	givenNames  = []string{"Thủy", "Hòa", "Hùng", "Lan", "Tuấn", "Hương", "Thúy", "Quỳnh", "Tùng", "Khải", "Nam", "Hải", "Hạnh", "Thống", "Dũng", "Huệ", "Thụy", "Khoa", "Loan", "Phong", "Yến", "Cường", "Liên", "Toàn"}
	hamlets     = []string{"thôn Đồng Tâm", "thôn Bắc", "xóm 5", "tổ dân phố số 3", "tổ dân phố Trần Phú", "thôn Đông Hòa", "thôn Tiên Thủy", "xóm Chùa", "tổ dân phố Lê Lợi", "thôn Thượng", "thôn An Hòa", "tổ dân phố số 12"}
	terms       = []string{"XX", "XXI", "XXII"}
)

// Roles by level of the unit: 0 province, 1 city, 2 ward. The first of
// each pair is the party role, the second the government one; %s is the
// place as written after the unit word.
var roles = [3][]string{
	{"Phó Bí thư Tỉnh ủy", "Phó Chủ tịch UBND tỉnh", "Trưởng Ban Dân vận Tỉnh ủy", "Chủ tịch Ủy ban MTTQ tỉnh", "Giám đốc Sở Nội vụ"},
	{"Phó Bí thư Thường trực Thành ủy", "Chủ tịch UBND thành phố", "Trưởng Ban Dân vận Thành ủy", "Phó Chủ tịch HĐND thành phố", "Phó Chủ tịch UBND thành phố"},
	{"Bí thư Đảng ủy", "Chủ tịch UBND", "Phó Chủ tịch UBND", "Chủ tịch Ủy ban MTTQ", "Phó Bí thư Đảng ủy"},
}

// Place names of the simulated units. Names repeat across cities as they
// do in real provinces; a ward called "Hà Nam" is not the old province.
var (
	provinceName = "Hà Nam"
	cityNames    = []place{
		{"thành phố", "Phủ Lý"}, {"thị xã", "Duy Tiên"}, {"huyện", "Kim Bảng"}, {"huyện", "Thanh Liêm"},
		{"huyện", "Bình Lục"}, {"huyện", "Lý Nhân"}, {"thành phố", "Nam Định"}, {"huyện", "Ý Yên"},
		{"huyện", "Vụ Bản"}, {"thành phố", "Hoa Lư"}, {"thành phố", "Tam Điệp"}, {"huyện", "Gia Viễn"},
	}
	departmentNames = []string{
		"Sở Khoa học và Công nghệ", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường",
		"Sở Nội vụ", "Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", "Sở Xây dựng",
	}
	wardNames = []place{
		{"phường", "Hà Nam"}, {"phường", "Phù Vân"}, {"phường", "Châu Sơn"}, {"phường", "Liêm Tuyền"},
		{"phường", "Quang Trung"}, {"phường", "Lê Hồng Phong"}, {"phường", "Hai Bà Trưng"}, {"phường", "Minh Khai"},
		{"xã", "Đinh Xá"}, {"xã", "Trịnh Xá"}, {"xã", "Kim Bình"}, {"xã", "Tiên Hải"},
		{"xã", "Liêm Chung"}, {"xã", "Thanh Thủy"}, {"xã", "Hòa Hậu"}, {"xã", "Đồng Hóa"},
		{"xã", "Tượng Lĩnh"}, {"xã", "Ba Sao"}, {"xã", "Thụy Lôi"}, {"phường", "Trần Hưng Đạo"},
		{"xã", "Nhân Khang"}, {"xã", "Liêm Sơn"}, {"phường", "Lam Hạ"}, {"xã", "Tiên Tân"},
	}
)

// furnitureHeadings start the trailing "other news" blocks portals append.
var furnitureHeadings = []string{"Các tin khác", "Tin liên quan", "Tin cùng chuyên mục"}

// toneNew maps words written in the old tone style to the new style. Only
// open syllables ending in oa, oe, uy differ (tone-placement-pairs.tsv);
// the bank uses these.
var toneNew = map[string]string{
	"ủy": "uỷ", "Ủy": "Uỷ", "thủy": "thuỷ", "Thủy": "Thuỷ", "thúy": "thuý", "Thúy": "Thuý",
	"Thụy": "Thuỵ", "hòa": "hoà", "Hòa": "Hoà", "hóa": "hoá", "Hóa": "Hoá", "khỏe": "khoẻ",
	"tòa": "toà", "lũy": "luỹ", "tụy": "tuỵ", "xòe": "xoè", "họa": "hoạ", "lòe": "loè",
}
