<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>BrowserController</name>
    <message>
        <location filename="../../app/ui/browser/controller.py" line="+63"/>
        <source>Downloading {name}…</source>
        <translation>{name} 다운로드 중…</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+8"/>
        <source>Hugging Face token</source>
        <translation>Hugging Face 토큰</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Token for gated models (from huggingface.co → Settings → Access Tokens); empty to remove:</source>
        <translation>접근 제한 모델용 토큰 (huggingface.co → Settings → Access Tokens에서 발급). 비워 두면 삭제됩니다:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Token saved.</source>
        <translation>토큰을 저장했습니다.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Token removed.</source>
        <translation>토큰을 삭제했습니다.</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../app/ui/chat/controller.py" line="+107"/>
        <location line="+15"/>
        <location line="+11"/>
        <location line="+156"/>
        <source>Wait for the answer to finish, or stop it.</source>
        <translation>답변이 끝날 때까지 기다리거나 답변을 중지하세요.</translation>
    </message>
    <message>
        <location line="-128"/>
        <source>The message will be answered when the model has loaded.</source>
        <translation>모델을 다 불러오면 이 메시지에 답변합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No model is loaded: pick one above and press Load, then send again.</source>
        <translation>불러온 모델이 없습니다. 위에서 모델을 고르고 [불러오기]를 누른 다음 다시 보내세요.</translation>
    </message>
    <message>
        <location line="+179"/>
        <source>Error: {message}</source>
        <translation>오류: {message}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>length limit</source>
        <translation>길이 제한</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{tokens} tokens · {speed:.1f} tok/s · first token {ttft:.2f} s · {reason}</source>
        <translation>토큰 {tokens}개 · {speed:.1f} tok/s · 첫 토큰 {ttft:.2f}초 · {reason}</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat/chat_view.py" line="+64"/>
        <source>Conversation</source>
        <translation>대화</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>어시스턴트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+18"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous version</source>
        <translation>이전 버전</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next version</source>
        <translation>다음 버전</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../app/ui/chat/composer.py" line="+38"/>
        <source>Type a message — Enter to send, Shift+Enter for a new line</source>
        <translation>메시지를 입력하세요 — Enter로 보내기, Shift+Enter로 줄 바꿈</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send message</source>
        <translation>메시지 보내기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the answer</source>
        <translation>답변 중지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the answer (Esc)</source>
        <translation>답변 중지 (Esc)</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../app/ui/browser/downloads_panel.py" line="+58"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation>진행률</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed · time left</source>
        <translation>속도 · 남은 시간</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Downloads</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pause</source>
        <translation>일시 중지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Downloading</source>
        <translation>다운로드 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>일시 중지됨</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <location filename="../../app/ui/browser/library_panel.py" line="+38"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quant</source>
        <translation>양자화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>출처</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local models</source>
        <translation>로컬 모델</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import a GGUF file…</source>
        <translation>GGUF 파일 가져오기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import an ONNX folder…</source>
        <translation>ONNX 폴더 가져오기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Ondol</source>
        <translation>Ondol</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 캐시</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>yes</source>
        <translation>있음</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>없음</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cannot be used: {why}</source>
        <translation>사용할 수 없음: {why}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Import a model</source>
        <translation>모델 가져오기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the model into Ondol&apos;s library, or move it there?</source>
        <translation>모델을 Ondol 라이브러리로 복사할까요, 아니면 옮길까요?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move</source>
        <translation>옮기기</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Importing {name}…</source>
        <translation>{name} 가져오는 중…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Imported {name}.</source>
        <translation>{name} 모델을 가져왔습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import a GGUF file</source>
        <translation>GGUF 파일 가져오기</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import an ONNX folder</source>
        <translation>ONNX 폴더 가져오기</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name} belongs to another app; Ondol only reads it.</source>
        <translation>{name} 모델은 다른 앱의 것입니다. Ondol은 읽기만 합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete model</source>
        <translation>모델 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {name} ({size}) from this computer?</source>
        <translation>이 컴퓨터에서 {name} ({size}) 모델을 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="+177"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chat</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export chat as Markdown…</source>
        <translation>대화를 Markdown으로 내보내기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export chat as JSON…</source>
        <translation>대화를 JSON으로 내보내기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters panel</source>
        <translation>매개변수 패널</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hugging Face token…</source>
        <translation>Hugging Face 토큰…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No model in the library yet.</source>
        <translation>라이브러리에 아직 모델이 없습니다.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{name} is ready.</source>
        <translation>{name} 모델이 준비되었습니다.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot load the model</source>
        <translation>모델을 불러올 수 없습니다</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Rename chat</source>
        <translation>대화 이름 바꾸기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title:</source>
        <translation>제목:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Delete chat</source>
        <translation>대화 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “{title}” and all its messages?</source>
        <translation>“{title}” 대화와 그 안의 모든 메시지를 삭제할까요?</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Delete message</source>
        <translation>메시지 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this message and the {count} messages that follow it in this branch?</source>
        <translation>이 메시지와 이 분기에서 뒤따르는 메시지 {count}개를 삭제할까요?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Edit message</source>
        <translation>메시지 편집</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your message:</source>
        <translation>내 메시지:</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+9"/>
        <source>Export chat</source>
        <translation>대화 내보내기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {path}</source>
        <translation>{path}에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../app/ui/browser/page.py" line="+32"/>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discover</source>
        <translation>찾아보기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloads</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My models</source>
        <translation>내 모델</translation>
    </message>
</context>
<context>
    <name>ParamsController</name>
    <message>
        <location filename="../../app/ui/params_controller.py" line="+168"/>
        <source>Save preset</source>
        <translation>프리셋 저장</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Light</source>
        <translation>라이트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>다크</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The new language is used from the next start.</source>
        <translation>새 언어는 다음에 앱을 시작할 때부터 적용됩니다.</translation>
    </message>
</context>
<context>
    <name>ParamsPanel</name>
    <message>
        <location filename="../../app/ui/params_panel.py" line="+75"/>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This chat</source>
        <translation>이 대화</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System prompt: how the assistant should behave in this chat</source>
        <translation>시스템 프롬프트: 이 대화에서 어시스턴트가 어떻게 행동할지 적어 주세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt</source>
        <translation>시스템 프롬프트</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drop the oldest turns</source>
        <translation>오래된 대화부터 버리기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop at the limit</source>
        <translation>한도에서 멈추기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When the chat outgrows the context</source>
        <translation>대화가 컨텍스트보다 길어질 때</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>When the conversation no longer fits the context window: forget the oldest turns (the system prompt is kept), or stop and say so.</source>
        <translation>대화가 컨텍스트 창에 더 이상 들어가지 않을 때: 가장 오래된 대화부터 잊을지(시스템 프롬프트는 유지됩니다), 아니면 멈추고 알릴지 정합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%v / %m tokens</source>
        <translation>%v / %m 토큰</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Context used</source>
        <translation>사용한 컨텍스트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the model&apos;s context window the conversation took in the last answer</source>
        <translation>마지막 답변에서 대화가 모델의 컨텍스트 창을 얼마나 차지했는지 보여 줍니다</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overflow</source>
        <translation>초과 시</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+3"/>
        <source>Preset</source>
        <translation>프리셋</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a preset</source>
        <translation>프리셋 선택</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the current sampling settings as a preset</source>
        <translation>현재 샘플링 설정을 프리셋으로 저장합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to this model&apos;s defaults</source>
        <translation>이 모델의 기본값으로 되돌립니다</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sampling</source>
        <translation>샘플링</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>until full</source>
        <translation>가득 찰 때까지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How adventurous the next-token choice is. 0 always takes the most likely token; higher values flatten the odds so less likely words get picked too.</source>
        <translation>다음 토큰을 얼마나 과감하게 고를지 정합니다. 0이면 항상 가장 가능성이 높은 토큰을 고르고, 값이 높을수록 확률 차이가 줄어들어 가능성이 낮은 단어도 선택됩니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the K most likely next tokens are considered.</source>
        <translation>가능성이 가장 높은 다음 토큰 K개만 고려합니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the most likely tokens that together make up this share of the probability are considered (0.95 = drop the unlikely last 5%).</source>
        <translation>가능성이 높은 순서대로 확률 합이 이 비율에 이를 때까지의 토큰만 고려합니다(0.95 = 가능성이 낮은 나머지 5%는 버림).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop tokens less likely than this fraction of the most likely one&apos;s probability (0.05 = at least 1/20 as likely as the best).</source>
        <translation>가장 가능성이 높은 토큰의 확률에 이 비율을 곱한 값보다 확률이 낮은 토큰은 버립니다(0.05 = 최고 토큰의 1/20 이상인 토큰만 남김).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat penalty</source>
        <translation>반복 페널티</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Makes tokens that appeared recently less likely (1 = off).</source>
        <translation>최근에 나온 토큰이 다시 나올 가능성을 낮춥니다(1 = 끔).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presence penalty</source>
        <translation>존재 페널티</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lowers the odds of any token that already appeared, once.</source>
        <translation>이미 나온 토큰의 확률을 한 번만 낮춥니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frequency penalty</source>
        <translation>빈도 페널티</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lowers the odds of a token more each time it appears.</source>
        <translation>토큰이 나올 때마다 그 토큰의 확률을 더 낮춥니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens</source>
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The longest answer, in tokens.</source>
        <translation>답변의 최대 길이(토큰 수)입니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A fixed seed makes the same settings give the same answer.</source>
        <translation>시드를 고정하면 같은 설정에서 항상 같은 답변이 나옵니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop strings</source>
        <translation>중지 문자열</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One per line: the answer ends where one of these appears.</source>
        <translation>한 줄에 하나씩 입력하세요. 이 중 하나가 나오면 답변이 끝납니다.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loading</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Memory-map the file</source>
        <translation>파일 메모리 매핑(mmap)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep in RAM (mlock)</source>
        <translation>RAM에 고정 (mlock)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload model to apply</source>
        <translation>적용하려면 모델 다시 불러오기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Context length</source>
        <translation>컨텍스트 길이</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many tokens the model can see at once: the conversation plus the answer. Longer needs more memory.</source>
        <translation>모델이 한 번에 볼 수 있는 토큰 수로, 대화와 답변을 합한 길이입니다. 길수록 메모리가 더 필요합니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU threads</source>
        <translation>CPU 스레드</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Threads used for computing.</source>
        <translation>계산에 사용할 스레드 수입니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tokens processed per step.</source>
        <translation>한 단계에 처리하는 프롬프트 토큰 수입니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPU layers</source>
        <translation>GPU 레이어</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many layers run on the GPU; the rest run on the CPU.</source>
        <translation>GPU에서 실행할 레이어 수입니다. 나머지 레이어는 CPU에서 실행됩니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KV cache type</source>
        <translation>KV 캐시 유형</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>f16 is exact; q8_0 / q4_0 use less memory for long contexts.</source>
        <translation>f16은 정확하고, q8_0 / q4_0은 긴 컨텍스트에서 메모리를 덜 사용합니다.</translation>
    </message>
</context>
<context>
    <name>RepoPanel</name>
    <message>
        <location filename="../../app/ui/browser/repo_panel.py" line="+36"/>
        <source>‹ Back to results</source>
        <translation>‹ 검색 결과로 돌아가기</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>About this repository</source>
        <translation>이 저장소 정보</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Variant</source>
        <translation>변형</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On this computer</source>
        <translation>이 컴퓨터에서</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Variants</source>
        <translation>변형 목록</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download the selected variant</source>
        <translation>선택한 변형 다운로드</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model card</source>
        <translation>모델 카드</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This model is gated: accept its licence on huggingface.co and add a Hugging Face token in Settings before downloading.</source>
        <translation>이 모델은 접근 제한 모델입니다. 다운로드하기 전에 huggingface.co에서 라이선스에 동의하고 설정에서 Hugging Face 토큰을 추가하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search for {query}</source>
        <translation>{query} 검색</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} files with unsafe names were ignored.</source>
        <translation>이름이 안전하지 않은 파일 {count}개를 무시했습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recommended</source>
        <translation>추천</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../app/ui/browser/search_panel.py" line="+52"/>
        <source>Search models on Hugging Face</source>
        <translation>Hugging Face에서 모델 검색</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search models</source>
        <translation>모델 검색</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ONNX</source>
        <translation>ONNX</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All formats</source>
        <translation>모든 형식</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sort by</source>
        <translation>정렬 기준</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most downloads</source>
        <translation>다운로드 많은 순</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most likes</source>
        <translation>좋아요 많은 순</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recently updated</source>
        <translation>최근 업데이트 순</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search status</source>
        <translation>검색 상태</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search results</source>
        <translation>검색 결과</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No models found.</source>
        <translation>모델을 찾지 못했습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} models</source>
        <translation>모델 {count}개</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../app/ui/sidebar.py" line="+36"/>
        <source>New chat</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>새 대화 시작 (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Search chats</source>
        <translation>대화 검색</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>Chats</source>
        <translation>대화</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your model library</source>
        <translation>내 모델 라이브러리</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../app/ui/top_bar.py" line="+43"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model to chat with (from your library)</source>
        <translation>대화할 모델 (라이브러리에서 선택)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Variant</source>
        <translation>변형</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto measures each variant on this computer and runs the fastest that fits; or pick one yourself</source>
        <translation>자동: 이 컴퓨터에서 각 변형의 속도를 측정해 메모리에 맞는 가장 빠른 것을 실행합니다. 직접 고를 수도 있습니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Load</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load the selected model</source>
        <translation>선택한 모델을 불러옵니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eject</source>
        <translation>내리기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unload the model and free its memory</source>
        <translation>모델을 내리고 사용하던 메모리를 비웁니다</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading progress</source>
        <translation>불러오기 진행률</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+90"/>
        <source>No model loaded</source>
        <translation>불러온 모델 없음</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Model status</source>
        <translation>모델 상태</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Why this device</source>
        <translation>이 장치를 쓰는 이유</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Measuring speed {index}/{total}: {name}…</source>
        <translation>속도 측정 중 {index}/{total}: {name}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading {name}…</source>
        <translation>{name} 불러오는 중…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} · {memory} in memory</source>
        <translation>{name} · 메모리 {memory} 사용 중</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../app/ui/welcome.py" line="+18"/>
        <source>Welcome to Ondol</source>
        <translation>Ondol에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ondol runs language models on this computer. Nothing you type leaves it.</source>
        <translation>Ondol은 이 컴퓨터에서 언어 모델을 실행합니다. 입력한 내용은 이 컴퓨터 밖으로 나가지 않습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What Ondol found</source>
        <translation>Ondol이 확인한 내용</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detected hardware</source>
        <translation>감지된 하드웨어</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The starter model</source>
        <translation>시작용 모델</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SmolLM2 135M Instruct, small and quick, runs on: {reason}. It needs about {memory}.</source>
        <translation>작고 빠른 SmolLM2 135M Instruct 모델이 실행될 장치: {reason}. 필요한 메모리는 약 {memory}입니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start chatting</source>
        <translation>대화 시작하기</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no AVX2, AVX-512 or NEON</source>
        <translation>AVX2, AVX-512, NEON 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU: {model} — {cores} cores ({features})</source>
        <translation>CPU: {model} — {cores}코어 ({features})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory: {total} ({available} free)</source>
        <translation>메모리: {total} ({available} 사용 가능)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>GPU: none found</source>
        <translation>GPU: 찾지 못함</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>GPU: {name} ({vram})</source>
        <translation>GPU: {name} ({vram})</translation>
    </message>
</context>
</TS>
